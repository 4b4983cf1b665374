// Owns the closed word classes the name finder reasons with: honorifics, offices and roles that
// announce a person, speech verbs, and the capitalised words that are not part of a person's name
// (function words, calendar words, institution words, group and creed adjectives, the heads of place
// and work names). Every list is a class of English or news usage, never names seen in articles.

const words = (list: string) => new Set(list.split(/\s+/).filter((word) => word !== ''));

/** Honorifics: what follows is a person's name ("Mr Varga", "Dr. Osei", "Sir Tom Hale"). */
export const HONORIFICS = words('Mr Mrs Ms Miss Mme Dr Sir Dame Prof Rev Messrs Herr Mister Madam');

/** Titles that are part of how a person is called when one name word follows ("Lord Penrose", "Princess Anna"). */
export const NAMING_TITLES = words('Lord Lady Prince Princess King Queen Pope Emperor Empress Sheikh');

/**
 * Capitalised offices, ranks and roles written before a name ("Defence Secretary Anna Lindqvist",
 * "Lt Col Mark Odell", "Rabbi Eli Stern"): dropped from the name, and they mark it as a person.
 */
export const OFFICE_NOUNS = words(`
  President Premier Chancellor Minister Secretary Under-Secretary Secretary-General Undersecretary
  Speaker Senator Sen Congressman Congresswoman Representative Rep Governor Gov Mayor Ambassador Envoy
  Consul Commissioner Chairman Chairwoman Chairperson Director Chief Executive Judge Justice Attorney
  General Gen Lieutenant Lt Major Maj Colonel Col Captain Capt Commander Cmdr Admiral Adm Sergeant Sgt
  Corporal Cpl Marshal Brigadier Inspector Superintendent Supt Detective Constable Leader Spokesman
  Spokeswoman Spokesperson Rabbi Reverend Bishop Archbishop Cardinal Imam Ayatollah Hojatoleslam
  Mullah Patriarch Professor Coach Manager Striker Midfielder Goalkeeper Defender Winger Actor Actress
  Singer Producer Novelist Editor President-elect MP MEP MSP Sec Atty Prosecutor Councillor Alderman
  Magistrate Sheriff Treasurer Governor-General Emir Sultan Shah Tsar Czar Baron Baroness Duke Duchess
  Earl Officer Agent Analyst Economist Strategist Correspondent Adviser Advisor Aide Negotiator
`);

/**
 * Words that qualify an office ("Foreign Minister", "Deputy Prime Minister", "Crown Prince",
 * "Secretary of State"): part of the office, never part of a person's name.
 */
export const OFFICE_QUALIFIERS = words(`
  Vice Deputy Acting Former Foreign Defence Defense Home Interior Finance Trade Economy Economics
  Energy Oil Petroleum Agriculture Health Education Culture Industry Labour Labor Environment Transport
  State Prime Shadow Junior Senior Assistant Associate Permanent First Second Crown Party Private
  Executive Managing Chief General Supreme Top Opposition Regional Provincial Municipal Federal Treasury
  Commerce Justice Information Communications Development Security Intelligence Cabinet Navy Naval
  Army Air Military Majority Minority Armed Fleet Caretaker Interim Outgoing Incoming Constitutional
  Affairs International Overseas Legal Press Political Public Presidential Royal Special Technical
  Social Welfare Emergency Planning Exchequer Relations Operations Policy Research Marketing Sales
`);

/** Lower-case roles that announce the name right after them ("analyst Priya Raman", "then-president Omar Nadir"). */
export const ROLE_NOUNS = words(`
  president minister secretary chancellor premier leader chairman chairwoman chair director chief
  executive head spokesman spokeswoman spokesperson official officer adviser advisor aide envoy
  ambassador diplomat negotiator commissioner governor mayor senator congressman lawmaker legislator
  mp peer judge justice lawyer attorney prosecutor counsel analyst economist strategist researcher
  scientist professor expert consultant manager coach player striker midfielder defender goalkeeper
  captain winger champion athlete runner actor actress singer producer writer author novelist editor
  critic columnist reporter correspondent journalist founder boss agent detective inspector commander
  general colonel soldier candidate opponent incumbent nominee activist campaigner dissident rebel
  militant bishop priest rabbi imam cleric monk sheikh prince king queen emperor dictator ruler
  strongman administrator superintendent architect designer engineer doctor surgeon physician nurse
  teacher student pupil businessman businesswoman tycoon billionaire millionaire entrepreneur treasurer
  registrar physio physiotherapist chef explorer pilot sailor astronaut philanthropist linguist
  profiler president-elect premier-elect novelist playwright composer director-general compatriot
  team-mate teammate colleague
`);

/** Speaking and reporting verbs in the singular or past: "Varga said", "said Priya Raman", "Osei told". */
export const SPEECH_VERBS = words(`
  said says told tells added adds replied replies explained explains wrote writes argued argues
  insisted insists warned warns noted notes declared declares announced announces commented comments
  confirmed confirms denied denies stated states urged urges claimed claims believes believed thinks
  thought predicted predicts suggested suggests stressed stresses conceded concedes admitted admits
  acknowledged acknowledges recalled recalls estimated estimates testified testifies remarked
  remarks observed observes accused accuses criticised criticized criticises criticizes praised
  praises welcomed welcomes hinted hints revealed reveals emphasised emphasized
`);

/**
 * Closed-class words, sentence adverbs and auxiliaries, which start sentences and headlines with a
 * capital: a capitalised run starts after them ("But Tom Hale said").
 */
export const FUNCTION_WORDS = words(`
  A An The This That These Those Some Any Each Every No Nor Not All Both Either Neither Such Many Much
  More Most Few Several Other Another Its It He She They We I You His Her Their Our My Your Him Them Us
  In On At By For From To Of With Without Within Into Onto Over Under Above Below Between Among Amid
  Against Across Through Throughout During Before After Since Until Till Despite Although Though
  Because While Whilst When Where Whereas Whether If Unless Once As Than Then Thus Hence So Yet Still
  And But Or Also Even Only Just However Meanwhile Moreover Furthermore Nevertheless Nonetheless
  Instead Indeed Otherwise Likewise Similarly Additionally Separately Elsewhere Earlier Later Now
  Today Tonight Yesterday Tomorrow Here There What Which Who Whom Whose Why How Like Unlike Near
  About Around Along Beyond Behind Beside Besides Via Per Upon Toward Towards Regardless According
  Asked Speaking Overall Currently Recently Finally Last Next Perhaps Maybe Already Again Almost Always
  Never Often Sometimes Soon Ever Yes Oh Well Please Dear Let Is Are Was Were Be Been Being Has Have
  Had Do Does Did Will Would Shall Should Can Could May Might Must Mid Post Pre Anti Pro Ex Non
`);

/** Days, months and feasts: "Monday", "March" are not name words. */
export const CALENDAR_WORDS = words(`
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
  August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  Christmas Easter Ramadan Thanksgiving
`);

/**
 * Institution words, never in a person's name at any position ("United Nations", "Bank of England",
 * "Northwind Airways", "Harbour General Corp").
 */
export const INSTITUTION_WORDS = words(`
  Agency Airline Airlines Airways Alliance Assembly Association Authority Authorities Administration
  Bank Board Bureau Cabinet Chamber Coalition College Commission Committee Communities Community
  Co Company Conference Congress Consortium Constitution Corp Corporation Council Councils Court
  Department Embassy Federation Foundation Fund Funds Government Group Holdings Inc Industries
  Institute Institution International Kingdom League Ltd Ministry Movement Nations Organisation
  Organization Parliament Party Plc PLC Police Republic Senate School Securities Service Services
  Society States Tribunal Union United University AG SA NV LLC Limited Bancorp Telecom Telecommunications
  Communications Airways Petroleum Pharmaceuticals Chemicals Industries Technologies Systems Software
  Networks Motors Mining Resources Investments Associates Brothers Holdings Worldwide Global Media
  Entertainment Pictures Records Studios Insurance Financial Enterprises Electronics Computers Spa SpA
  GmbH AB Oy BV KK
`);

/**
 * Heads that end the names of places, events, publications and works ("Red Sea", "Davis Cup",
 * "White House"): a name ending in one is not a person.
 */
export const PLACE_AND_WORK_HEADS = words(`
  Airport Avenue Award Awards Bay Bridge Canal Cathedral Center Centre Championship Championships
  Church Circle City Club Coast County Cup Desk District Empire Exchange Festival Fleet Force Forces
  Front Gallery Games Gazette Guard Guards Gulf Hall Herald Highway Hospital Hotel House Island Islands
  Journal Lake Lane Magazine Mall Market Markets Mountain Mountains Museum Navy News Ocean Office
  Palace Park Peninsula Plaza Port Post Press Prize Programme Program Project Province Radio Railway
  Region Reserve River Road Sea Square Stadium Station Strait Street Summit Television Territory
  Theatre Theater Times Tower Trust Valley Village Watch Way Week Works Zone Telegraph Tribune Daily
  Weekly Agreement Treaty Accord Act Plan Doctrine Report Index Review Channel Network Olympics
  Revolution Crisis Affair Scandal Day Show Series Trophy Open Initiative Army Brigade Brigades
  Division Regiment Battalion Corps Command Base Average
`);

/**
 * Group, creed, party and region words that are capitalised without naming anyone ("Muslim",
 * "Democrats", "Tories", "Western", "Santa"), wherever they stand in a run.
 */
export const GROUP_WORDS = words(`
  Muslim Muslims Christian Christians Jewish Jews Jew Catholic Catholics Protestant Protestants Islamic
  Islamist Islamists Arab Arabs Buddhist Buddhists Hindu Hindus Sikh Sikhs Shia Shiite Shiites Sunni
  Sunnis Kurd Kurds Kurdish Democrat Democrats Democratic Republican Republicans Conservative
  Conservatives Labour Liberal Liberals Socialist Socialists Communist Communists Tory Tories Greens
  Nationalist Nationalists Unionist Unionists Federal National Western Eastern Northern Southern
  Central Asian African European Latin Middle Far World Nazi Nazis Soviet
  Soviets Allied Allies Axis Orthodox Supreme Grand Holy Saint St Santa San Fort Mount Cape Internet
  Web Net Tamil Tamils Sinhalese Pashtun Hutu Tutsi Berber Bedouin Druze Basque Catalan Serb Serbs
  Croat Croats Bosniak Palestinians Israelis Shiite Alawite Maronite Coptic Zionist Dem Dems Lib Libs
`);

/** Heads that end an organisation's name ("International Monetary Fund", "Acme Group Inc", "Press Freedom Watch"). */
export const ORGANISATION_HEADS = words(`
  Agency Airlines Airways Alliance Army Assembly Association Authority Administration Bank Board Bureau
  Cabinet Centre Center Chamber Co Coalition College Commission Committee Company Congress Consortium Corp
  Corporation Council Court Department Federation Foundation Front Fund Group Guard Holdings Inc
  Industries Institute Institution League Ltd Ministry Movement Navy Office Organisation Organization
  Parliament Party Plc PLC Police Programme Program Senate Service Services Society Trust Tribunal Union
  University Watch AG SA NV LLC Limited Bancorp Network Networks Exchange Securities Mining Motors
  Telecom Communications Petroleum Resources Systems Technologies Partners Brothers Nations
`);

/**
 * Nouns for organisations and groups: a run right after one names an organisation ("security firm
 * Norvale", "oil giant Petrolux", "rival Acme", "the newspaper Daily Ledger").
 */
export const ORGANISATION_NOUNS = words(`
  firm firms company companies group giant maker makers rival rivals bank banks carrier airline agency
  watchdog newspaper paper daily weekly magazine broadcaster network channel station website site body
  organisation organization charity club side team outfit band label studio publisher retailer chain
  supermarket insurer lender brokerage consultancy subsidiary unit division arm operator manufacturer
  supplier developer vendor provider conglomerate consortium regulator ministry party union
  association federation institute university college school hospital fund brand service programme
  program project software virus worm product products model console game film movie album show series
  newspapers magazines tabloid journal agencies operators exchange index
`);

/**
 * Legal forms and industries that end a company's name: after a place or a demonym they make it a
 * company ("Pacific Gas", "British Airways"), and words inside such a name say nothing about the topic.
 */
export const COMPANY_WORDS = words(`
  Inc Corp Corporation Co Company Ltd Limited Plc PLC Group Holdings AG SA NV SpA GmbH Bancorp
  Petroleum Oil Gas Energy Electric Power Resources Mining Steel Motors Airlines Airways Industries
  Telecom Télécom Telecommunications Express Aerospace Broadcasting Chemicals Pharmaceuticals Electronics
`);
