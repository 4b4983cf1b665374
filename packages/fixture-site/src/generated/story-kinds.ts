// Owns the kinds of news story the generator writes and the phrases particular to each: what the story
// is about, what happened, what is at stake, and its headlines. Phrases carry {slots} that
// write-story.ts fills with the story's cast (people, countries, organisations) and fresh figures.
// All text here was written for newsq.

export interface StoryKind {
  id: string;
  /** Site section the story is filed under. */
  section: string;
  /** Noun phrases naming the matter at hand. */
  subjects: readonly string[];
  /** Past-tense clauses saying what happened, without a subject. */
  events: readonly string[];
  /** What the matter affects. */
  stakes: readonly string[];
  /** Sayings a quoted person uses about it. */
  claims: readonly string[];
  headlines: readonly string[];
}

export const STORY_KINDS: readonly StoryKind[] = [
  {
    id: 'diplomacy',
    section: 'world',
    subjects: [
      'the talks between {countryA} and {countryB}',
      'the framework agreement on border crossings',
      'the proposed treaty on shared water resources',
      'the new round of negotiations',
      'the joint declaration signed in {city}',
      'the plan to reopen embassies',
    ],
    events: [
      'agreed to resume direct talks after a pause of {months} months',
      'signed a memorandum on consular cooperation in {city}',
      'recalled its ambassador for consultations',
      'hosted a two-day summit attended by {count} delegations',
      'proposed a timetable for a ceasefire monitoring mission',
      'announced that foreign ministers would meet again in {month}',
    ],
    stakes: [
      'relations across the region',
      'the fate of thousands of families divided by the border',
      'a trade corridor worth {money} a year',
      'the credibility of the mediators',
    ],
    claims: [
      'dialogue is the only road that leads anywhere',
      'nobody should expect a breakthrough overnight',
      'both sides came to the table with realistic expectations',
      'the details matter more than the handshakes',
      'trust has to be rebuilt one meeting at a time',
    ],
    headlines: [
      '{countryA} and {countryB} agree to resume talks after {months}-month pause',
      'Foreign ministers meet in {city} as {countryA} seeks new partners',
      '{countryA} recalls ambassador from {countryB} in escalating row',
      'Summit in {city} ends with joint declaration but few details',
    ],
  },
  {
    id: 'sanctions',
    section: 'world',
    subjects: [
      'the sanctions package',
      'the asset freeze',
      'the export restrictions on dual-use goods',
      'the list of designated companies',
      'the ban on transactions with state banks',
    ],
    events: [
      'imposed sanctions on {count} companies accused of supplying the military of {countryB}',
      'froze assets worth {money} held by a network of shell companies',
      'added {count} individuals to its sanctions list',
      'extended its restrictions on exports of machine tools for another year',
      'warned banks in {countryC} that they risk secondary sanctions',
    ],
    stakes: [
      'exporters of industrial components',
      'shipping companies that carry oil from {countryB}',
      'banks that clear payments in dollars and euros',
      'the economy of {countryB}, already in recession',
    ],
    claims: [
      'the measures target those who profit from the war, not ordinary people',
      'sanctions only work when they are enforced',
      'every loophole we close raises the cost of aggression',
      'companies must know their customers and their customers’ customers',
    ],
    headlines: [
      '{countryA} sanctions {count} firms over supplies to {countryB}',
      'New asset freeze hits shipping network tied to {countryB}',
      'Banks in {countryC} warned over sanctions evasion',
      '{countryA} widens export ban on dual-use goods',
    ],
  },
  {
    id: 'trade',
    section: 'business',
    subjects: [
      'the trade agreement',
      'the tariff dispute',
      'the new customs rules',
      'the quota on {sector} imports',
      'the investment screening law',
    ],
    events: [
      'raised tariffs on {sector} imports from {countryB} to {percent} per cent',
      'signed a free trade agreement that removes duties on {percent} per cent of goods',
      'opened an anti-dumping investigation into {sector} products',
      'reported a trade surplus of {money} for the quarter',
      'agreed to cut duties on agricultural goods over {years} years',
    ],
    stakes: [
      'farmers who export to {countryB}',
      'the {sector} industry and its {count} employees',
      'consumer prices, which rose {percent} per cent last year',
      'supply chains that run through {city}',
    ],
    claims: [
      'open markets have served this country well for decades',
      'we cannot compete against subsidised overcapacity',
      'businesses need predictable rules more than they need low tariffs',
      'the agreement gives our exporters a head start',
    ],
    headlines: [
      '{countryA} raises tariffs on {sector} imports from {countryB}',
      'Trade deal between {countryA} and {countryB} removes most duties',
      'Exporters in {city} brace for new customs rules',
      'Anti-dumping probe targets {sector} products from {countryB}',
    ],
  },
  {
    id: 'energy',
    section: 'business',
    subjects: [
      'the pipeline project',
      'the offshore wind farm',
      'the gas supply contract',
      'the new solar auction',
      'the plan to extend the life of the nuclear plant',
    ],
    events: [
      'signed a {years}-year gas supply contract worth {money}',
      'approved a {count}-megawatt offshore wind farm off {city}',
      'cut its output of crude by {count} barrels a day',
      'awarded licences for {count} solar projects in an auction that drew record bids',
      'delayed the start of the pipeline to {countryB} until next year',
    ],
    stakes: [
      'household energy bills',
      'the grid, which is already under strain in winter',
      'the climate targets for {year}',
      'industrial users who pay {percent} per cent more than a year ago',
    ],
    claims: [
      'security of supply is not negotiable',
      'the cheapest energy is the energy we do not use',
      'investors need to know the rules will not change every year',
      'this project will power {count} homes',
    ],
    headlines: [
      '{countryA} signs {years}-year gas deal with {countryB}',
      'Offshore wind farm near {city} wins approval',
      'Oil producers cut output as prices slide',
      'Record bids in solar auction as costs fall',
    ],
  },
  {
    id: 'elections',
    section: 'politics',
    subjects: [
      'the election campaign',
      'the run-off vote',
      'the coalition talks',
      'the new electoral law',
      'the count in the disputed districts',
    ],
    events: [
      'won {percent} per cent of the vote according to preliminary results',
      'called a snap election for {month}',
      'conceded defeat late on election night',
      'formed a coalition with {count} smaller parties',
      'reported turnout of {percent} per cent, the highest in {years} years',
    ],
    stakes: [
      'the government’s majority in parliament',
      'the reform of the pension system',
      'the independence of the electoral commission',
      'voters in rural districts who feel ignored',
    ],
    claims: [
      'the voters have spoken and we will respect their decision',
      'this result is a mandate for change',
      'every vote must be counted before anyone claims victory',
      'a coalition is a compromise, not a surrender',
    ],
    headlines: [
      'Opposition wins {percent}% in {countryA} election, early results show',
      'Snap election called in {countryA} after coalition collapses',
      'Turnout in {city} reaches {percent}% as polls close',
      'Coalition talks drag on weeks after vote in {countryA}',
    ],
  },
  {
    id: 'armed-conflict',
    section: 'world',
    subjects: [
      'the fighting near {city}',
      'the offensive in the east',
      'the shelling of the border villages',
      'the ceasefire line',
      'the siege of the port',
    ],
    events: [
      'launched a new offensive along a {count}-kilometre front',
      'shelled residential districts of {city} overnight',
      'said its troops had taken control of {count} villages',
      'shot down {count} drones over the capital',
      'accused the other side of breaking the ceasefire {count} times in a week',
    ],
    stakes: [
      'civilians who remain in {city}',
      'the power stations that supply the region',
      'the evacuation corridors',
      'the grain harvest in the frontline provinces',
    ],
    claims: [
      'there is no military solution to this conflict',
      'our forces will defend every metre of our land',
      'the attacks on civilians must stop immediately',
      'the situation on the front line is difficult but under control',
    ],
    headlines: [
      'Fighting intensifies near {city} as offensive enters second week',
      'Overnight shelling hits residential districts of {city}',
      '{countryA} says it shot down {count} drones',
      'Ceasefire breaches reported along the front line',
    ],
  },
  {
    id: 'arms-trade',
    section: 'world',
    subjects: [
      'the arms deal',
      'the order for air defence systems',
      'the licence to export armoured vehicles',
      'the contract for artillery shells',
      'the joint production of missiles',
    ],
    events: [
      'ordered {count} armoured vehicles in a contract worth {money}',
      'approved the export of air defence systems to {countryB}',
      'signed a deal to produce artillery shells under licence',
      'took delivery of the first {count} self-propelled howitzers',
      'blocked a shipment of rifles over concerns about their end use',
    ],
    stakes: [
      'the country’s air defences',
      'the domestic defence industry',
      'arms control commitments',
      'the military balance in the region',
    ],
    claims: [
      'we need equipment now, not in ten years',
      'every export licence is checked against our obligations',
      'this contract creates {count} jobs in our factories',
      'deterrence only works if it is credible',
    ],
    headlines: [
      '{countryA} orders {count} armoured vehicles in {money} deal',
      'Export of air defence systems to {countryB} approved',
      'Shell factory deal signed as stockpiles run low',
      '{countryA} blocks rifle shipment over end-use concerns',
    ],
  },
  {
    id: 'humanitarian-aid',
    section: 'world',
    subjects: [
      'the aid convoy',
      'the emergency appeal',
      'the food distribution',
      'the refugee camps near the border',
      'the funding gap for relief operations',
    ],
    events: [
      'delivered {count} tonnes of food and medicine to the region',
      'launched an emergency appeal for {money}',
      'said {count} people had been displaced by the floods',
      'opened a new field hospital near {city}',
      'warned that its food stocks would run out within {weeks} weeks',
    ],
    stakes: [
      'children under five, {percent} per cent of whom are malnourished',
      'families sheltering in schools and mosques',
      'the health system, which has lost {count} clinics',
      'farmers who have missed the planting season',
    ],
    claims: [
      'aid must reach people wherever they are',
      'we are counting the cost of every day of delay',
      'the needs far outstrip what we have been given',
      'access, not money, is our biggest problem',
    ],
    headlines: [
      'Aid convoy reaches {city} after weeks of delays',
      'Emergency appeal seeks {money} as floods displace thousands',
      'Field hospital opens near {city} as needs grow',
      'Food stocks to run out within {weeks} weeks, agencies warn',
    ],
  },
  {
    id: 'cyber',
    section: 'technology',
    subjects: [
      'the ransomware attack',
      'the data breach',
      'the hacking campaign',
      'the outage of the payment systems',
      'the vulnerability in the router software',
    ],
    events: [
      'confirmed that hackers had stolen the records of {count} customers',
      'took its systems offline after a ransomware attack',
      'attributed the intrusion to a group linked to the intelligence services of {countryB}',
      'paid no ransom, according to its chief executive',
      'issued an emergency patch for a flaw that was already being exploited',
    ],
    stakes: [
      'patients whose appointments were cancelled',
      'the personal data of {count} people',
      'critical infrastructure operators',
      'small businesses that rely on the platform',
    ],
    claims: [
      'we have no evidence that payment data was accessed',
      'attackers only need to be lucky once',
      'backups are the difference between a bad week and a disaster',
      'this was a sophisticated and well-funded operation',
    ],
    headlines: [
      'Ransomware attack takes {company} systems offline',
      'Hackers stole records of {count} customers, {company} says',
      'Intrusion blamed on group linked to {countryB}',
      'Emergency patch issued for actively exploited router flaw',
    ],
  },
  {
    id: 'business',
    section: 'business',
    subjects: [
      'the quarterly results',
      'the takeover bid',
      'the restructuring plan',
      'the share buyback',
      'the merger with a rival',
    ],
    events: [
      'reported a net profit of {money} for the quarter',
      'agreed to buy a rival for {money} in cash and shares',
      'said it would cut {count} jobs over the next two years',
      'raised its forecast for the full year',
      'saw its shares fall {percent} per cent in early trading',
    ],
    stakes: [
      'shareholders who have waited years for a dividend',
      'the company’s {count} employees',
      'suppliers in {city}',
      'competition in the {sector} market',
    ],
    claims: [
      'the fundamentals of the business are strong',
      'we are investing for the long term',
      'the market has not yet priced in the risks',
      'this deal makes strategic and financial sense',
    ],
    headlines: [
      '{company} profit rises to {money} on strong demand',
      '{company} agrees {money} takeover of rival',
      '{company} to cut {count} jobs in restructuring',
      'Shares in {company} slide {percent}% after forecast cut',
    ],
  },
  {
    id: 'local',
    section: 'local',
    subjects: [
      'the new tram line',
      'the council budget',
      'the closure of the library',
      'the plan for affordable housing',
      'the repairs to the bridge',
    ],
    events: [
      'approved a budget of {money} for the coming year',
      'voted to build {count} affordable homes on the former rail yard',
      'postponed the opening of the tram line until {month}',
      'closed the bridge to heavy traffic after inspectors found cracks',
      'launched a consultation on parking charges in the centre of {city}',
    ],
    stakes: [
      'commuters who drive into {city} every day',
      'residents of the older estates',
      'shops on the high street',
      'families on the housing waiting list',
    ],
    claims: [
      'the council has listened to residents',
      'we cannot keep patching up buildings that are falling apart',
      'people were promised this years ago',
      'every pound has to work twice as hard',
    ],
    headlines: [
      '{city} council approves {money} budget',
      'Tram line opening delayed until {month}',
      'Bridge closed to heavy traffic after cracks found',
      '{count} affordable homes planned on former rail yard',
    ],
  },
  {
    id: 'health',
    section: 'health',
    subjects: [
      'the vaccination campaign',
      'the waiting lists',
      'the outbreak of measles',
      'the shortage of nurses',
      'the trial of the new drug',
    ],
    events: [
      'reported {count} new cases in the past week',
      'said waiting lists had grown to {count} patients',
      'published results showing the drug cut hospital admissions by {percent} per cent',
      'began offering the vaccine to everyone over {age}',
      'hired {count} nurses from abroad to fill vacancies',
    ],
    stakes: [
      'patients waiting for routine operations',
      'hospitals in {city}',
      'children who missed their vaccinations',
      'staff working double shifts',
    ],
    claims: [
      'prevention is cheaper than treatment',
      'the data are encouraging but we need larger trials',
      'our staff are exhausted',
      'nobody should wait more than a year for an operation',
    ],
    headlines: [
      'Measles cases rise to {count} as vaccination rates fall',
      'Waiting lists reach {count} patients',
      'New drug cuts admissions by {percent}% in trial',
      'Hospitals in {city} recruit nurses abroad',
    ],
  },
  {
    id: 'sport',
    section: 'sport',
    subjects: ['the title race', 'the transfer window', 'the final', 'the injury crisis', 'the new stadium'],
    events: [
      'won {score} in front of {count} supporters',
      'signed the striker for a fee of {money}',
      'reached the final for the first time in {years} years',
      'sacked its coach after {count} defeats in a row',
      'confirmed that its captain would miss {weeks} weeks with a knee injury',
    ],
    stakes: [
      'the club’s hopes of promotion',
      'a place in next season’s European competition',
      'the coach’s future',
      'the club’s finances',
    ],
    claims: [
      'we showed character after going behind',
      'the league is a marathon, not a sprint',
      'the players gave everything',
      'we have to be more clinical in front of goal',
    ],
    headlines: [
      '{city} win {score} to go top of the table',
      'Club sacks coach after {count} straight defeats',
      'Captain out for {weeks} weeks with knee injury',
      'Striker joins for {money} on deadline day',
    ],
  },
  {
    id: 'culture',
    section: 'culture',
    subjects: [
      'the film festival',
      'the exhibition',
      'the new novel',
      'the restoration of the theatre',
      'the music prize',
    ],
    events: [
      'opened its {ordinal} edition with a programme of {count} films',
      'drew {count} visitors in its first month',
      'won the prize for best debut',
      'reopened after a restoration that cost {money}',
      'announced a tour of {count} cities',
    ],
    stakes: [
      'independent cinemas',
      'young artists looking for a first break',
      'the city’s cultural budget',
      'audiences outside the capital',
    ],
    claims: [
      'art has to be seen by everyone, not just the few',
      'this is a story about memory and loss',
      'we wanted to make something that people would argue about',
      'the building deserved a second life',
    ],
    headlines: [
      'Film festival opens {ordinal} edition in {city}',
      'Exhibition draws {count} visitors in first month',
      'Restored theatre reopens after {money} project',
      'Debut novel wins prize as judges praise its ambition',
    ],
  },
];

/** Sectors, institutions and roles that fill {sector}, {org} and people's job descriptions. */
export const SECTORS = [
  'steel',
  'aluminium',
  'solar panel',
  'electric vehicle',
  'semiconductor',
  'dairy',
  'wine',
  'textile',
  'fertiliser',
  'shipbuilding',
  'pharmaceutical',
  'timber',
] as const;

export const INSTITUTIONS = [
  'the finance ministry',
  'the foreign ministry',
  'the central bank',
  'the defence ministry',
  'the competition authority',
  'the national statistics office',
  'the energy regulator',
  'the interior ministry',
  'the health ministry',
  'the trade ministry',
] as const;

export const ROLES = [
  'the foreign minister',
  'the finance minister',
  'a government spokesperson',
  'the deputy prime minister',
  'the head of the parliamentary committee',
  'the chief executive',
  'the mayor',
  'the opposition leader',
  'a senior official',
  'the director of the agency',
  'the union leader',
  'an economist',
  'a researcher',
  'a diplomat',
] as const;

export const THINK_TANKS = [
  'Institute for Strategic Studies',
  'Centre for Economic Policy',
  'Policy Research Council',
  'Foundation for Open Markets',
  'Institute of International Affairs',
  'Centre for Security Analysis',
] as const;
