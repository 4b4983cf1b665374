import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tagArticle } from './tag-article';
import { defaultTaxonomyPath, loadTaxonomy } from './taxonomy';

const taxonomy = loadTaxonomy();
const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

interface LabelledArticle {
  id: string;
  title: string;
  text: string;
  labels: string[];
}

const labelled: LabelledArticle[] = testdata('articles.jsonl')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledArticle);

describe('tagArticle on the seed article', () => {
  // The file holds a date line, the headline and an image name before the body.
  const [, title, , body] = testdata('seed-article.txt').split(/\n\s*\n+/);
  const result = tagArticle({ title: title!.trim(), text: body!.trim() }, taxonomy);

  it('finds sanctions, the arms trade and military cooperation, with evidence', () => {
    const ids = result.topics.map((topic) => topic.id);
    expect(ids).toEqual(expect.arrayContaining(['sanctions', 'arms-trade', 'military-cooperation']));
    for (const topic of result.topics) {
      expect(topic.score).toBeGreaterThan(0);
      expect(topic.score).toBeLessThanOrEqual(1);
      expect(topic.evidence.length).toBeGreaterThan(0);
    }
    const sanctions = result.topics.find((topic) => topic.id === 'sanctions')!;
    expect(sanctions.evidence).toContainEqual({ term: 'sanction', count: 4, where: 'text' });
  });

  it('finds the countries, by name and by demonym', () => {
    expect(result.entities.countries.map((country) => country.code).sort()).toEqual([
      'CN',
      'KP',
      'RU',
      'UA',
      'US',
    ]);
    expect(result.entities.countries).toContainEqual({ code: 'KP', name: 'North Korea' });
  });

  it('finds the people under their full names', () => {
    expect(result.entities.people.map((person) => person.name)).toEqual([
      'Vladimir Putin',
      'Kim Jong Un',
      'Donald Trump',
      'Sergei Shoigu',
      'Andrei Kozyrev',
    ]);
  });

  it('finds organisations', () => {
    expect(result.entities.organizations).toContainEqual({ name: 'UN Security Council' });
  });
});

describe('tagArticle on labelled articles written for these tests', () => {
  it.each(labelled)('$id gets $labels', (article) => {
    const expected = article.labels.filter((label) => label !== 'none');
    expect(tagArticle(article, taxonomy).topics.map((topic) => topic.id)).toEqual(expected);
  });
});

// One article per kind of error the default taxonomy had; each written for these tests.
describe('tagArticle on the kinds of error the taxonomy is built against', () => {
  const cases: { kind: string; title: string; text: string; topics: string[]; not: string[] }[] = [
    {
      kind: 'attacks on ships and missiles aimed at shipping in a war zone are armed conflict',
      title: 'Gunboats attack tanker in the strait as convoy passes',
      text:
        'Gunboats fired rockets at a tanker in the strait on Tuesday, setting its deck on fire, shipping sources said. ' +
        'Two frigates escorting a convoy of merchant ships nearby did not intervene.\n\n' +
        'The navy said coastal missile batteries had been deployed within reach of the shipping lane and warned that ' +
        'any vessel approaching the coast would be treated as a target. Insurers raised premiums for ships entering the war zone.',
      topics: ['armed-conflict'],
      not: ['energy'],
    },
    {
      kind: 'peace moves and efforts to end a war are diplomacy',
      title: 'Envoy reports progress on peace plan',
      text:
        'A regional envoy said on Monday there had been real progress on a peace plan to end the war between the two ' +
        'neighbours, after a week of meetings in both capitals.\n\n' +
        'Both governments have accepted a proposal for talks on a ceasefire line, he said, and a further round of peace ' +
        'efforts would begin next month. Earlier calls for peace had been rejected by both sides.',
      topics: ['diplomacy'],
      not: [],
    },
    {
      kind: 'an energy deal between countries is trade as well as energy',
      title: 'Two states agree to swap crude for refined products',
      text:
        'The two governments agreed to swap 80,000 barrels per day of crude oil for refined products under a deal ' +
        'signed on Sunday, the oil ministry said.\n\n' +
        'The crude will be shipped by pipeline and tanker, and the refined products delivered to northern ports. ' +
        'Officials said the swap would cut fuel imports, and that a second agreement on natural gas exports was being negotiated.',
      topics: ['energy', 'trade'],
      not: [],
    },
    {
      kind: "a state's debt for weapons and a firm's military contract are the arms trade",
      title: 'Northland seeks loans to pay its military debts',
      text:
        'Northland has asked two Gulf lenders for loans to repay its military debt to Eastmark, which supplied most of ' +
        'its army in the 1970s, officials said on Sunday.\n\n' +
        'The military debts, about 4 billion dollars, fall due next year. Separately, the electronics group Velcom said ' +
        'it had won a defence contract worth 90 million dollars to equip the Northland navy with radar.',
      topics: ['arms-trade'],
      not: ['military-cooperation'],
    },
    {
      kind: 'company names with energy words do not make a corporate story about energy',
      title: 'Harbour Petroleum Corp agrees takeover by Acme Group',
      text:
        'Harbour Petroleum Corp said on Thursday it had agreed to be acquired by Acme Group Inc for 42 dollars a share ' +
        'in cash, a premium of 30 percent to its closing price.\n\n' +
        'The boards of both companies approved the merger, which needs the approval of Harbour Petroleum shareholders. ' +
        'Acme Group said it would keep the Harbour Petroleum name and its head office.',
      topics: [],
      not: ['energy'],
    },
    {
      kind: 'negotiations about joining the WTO are trade, not diplomacy',
      title: 'Membership talks with WTO make progress',
      text:
        'Talks on the country joining the World Trade Organization made good progress this week, the chairman of the WTO ' +
        'working party said.\n\n' +
        'Negotiators still disagree on tariffs for farm goods and market access for banks. The ambassador said the WTO ' +
        'members could approve the accession at their next ministerial meeting if tariff offers improved.',
      topics: ['trade'],
      not: ['diplomacy'],
    },
    {
      kind: 'diplomats quoted as sources on a battle do not make it diplomacy',
      title: 'Fighting spreads along the border',
      text:
        'Heavy fighting spread along the border on Friday as troops shelled rebel positions, diplomats said. ' +
        'Diplomats said at least 40 soldiers were killed in the clashes.\n\n' +
        'Artillery fire hit two border towns overnight, and the rebels said they had repelled an offensive near the airfield.',
      topics: ['armed-conflict'],
      not: ['diplomacy'],
    },
    {
      kind: 'bans on arms shipments and frozen funds are sanctions even without the word',
      title: 'Government freezes funds and bans arms shipments',
      text:
        'The government froze the assets of the ruling family on Wednesday and banned all arms shipments to the ' +
        'country, officials said.\n\n' +
        'Banks were told to freeze accounts held by 12 officials, and a ban on investment in the mining sector will ' +
        'follow next month, the finance ministry said.',
      topics: ['sanctions'],
      not: [],
    },
    {
      kind: 'weapons named for attack are equipment in a procurement story, not fighting',
      title: 'Ministry delays purchase of attack helicopters',
      text:
        'The defence ministry has delayed the purchase of 24 attack helicopters from a foreign supplier while it ' +
        'reviews the contract, officials said.\n\n' +
        'The army wants the attack helicopters to replace an older fleet, but the finance ministry questioned the ' +
        'price of the deal and of the missiles that come with it.',
      topics: ['arms-trade'],
      not: ['armed-conflict'],
    },
    {
      kind: 'a basing accord is military cooperation',
      title: 'Government renews bases accord with ally',
      text:
        'The government said it would renew the bases accord that lets its ally keep an army base and an air base on ' +
        'the island for another ten years.\n\n' +
        'Under the accord the ally pays rent and trains local troops, and both navies hold joint exercises each spring.',
      topics: ['military-cooperation'],
      not: [],
    },
  ];
  it.each(cases)('$kind', ({ title, text, topics, not }) => {
    const ids = tagArticle({ title, text }, taxonomy).topics.map((topic) => topic.id);
    expect(ids).toEqual(expect.arrayContaining(topics));
    for (const id of not) expect(ids).not.toContain(id);
    if (topics.length === 0) expect(ids).toEqual([]);
  });
});

describe('tagArticle with an operator-defined topic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsq-taxonomy-'));
  const path = join(dir, 'taxonomy.yaml');
  copyFileSync(defaultTaxonomyPath, path);
  writeFileSync(
    path,
    `${readFileSync(path, 'utf8')}
  - id: space
    label: Space
    threshold: 0.5
    terms:
      satellite: 3
      rocket: 2
      launch pad: 3
      orbit: 2
      space agency: 3
    near:
      - terms: [launch]
        near: [rocket, satellite]
        window: 4
        weight: 2
`,
  );
  const extended = loadTaxonomy(path);

  it('tags matching articles without a code change', () => {
    const article = {
      title: 'Rocket carries weather satellite into orbit',
      text: 'The national space agency launched a rocket from its coastal launch pad on Friday, placing a new weather satellite into orbit. Engineers said the satellite would begin sending images next month.',
    };
    const topics = tagArticle(article, extended).topics;
    expect(topics.map((topic) => topic.id)).toEqual(['space']);
    expect(topics[0]!.evidence).toContainEqual({ term: 'satellite', count: 1, where: 'title' });
    expect(tagArticle(article, taxonomy).topics).toEqual([]);
  });

  it('scores it by the shared weights of the topic model, which has no weights of its own for it', () => {
    expect(extended.model.topicOffsets).not.toHaveProperty('space');
    const passing = {
      title: 'City council approves budget for schools and roads',
      text:
        'The city council approved its annual budget on Tuesday after a long debate about school repairs and road works. ' +
        'One councillor noted that a weather satellite had photographed the flooded roads last spring. ' +
        'The budget raises spending on schools by four percent and on roads by two percent.',
    };
    expect(tagArticle(passing, extended).topics).toEqual([]);
  });

  it('keeps the default topics working', () => {
    const trade = labelled.find((article) => article.id === 'trade-1')!;
    expect(tagArticle(trade, extended).topics.map((topic) => topic.id)).toEqual(['trade']);
  });
});

describe('tagArticle on awkward input', () => {
  it.each([
    { name: 'an empty article', article: { title: '', text: '' } },
    { name: 'a title only', article: { title: 'Only a title about sanctions', text: '' } },
    { name: 'punctuation only', article: { title: '', text: '!!! ??? ...' } },
    {
      name: 'one enormous word',
      article: { title: 'ALL CAPITALS HEADLINE ABOUT OIL', text: 'x'.repeat(10_000) },
    },
    {
      name: 'a runaway page',
      article: {
        title: 'A runaway page',
        text: 'Minister Anna Lindqvist spoke about oil prices. '.repeat(5_000),
      },
    },
  ])('tags $name without throwing', ({ article }) => {
    const result = tagArticle(article, taxonomy);
    expect(Array.isArray(result.topics)).toBe(true);
    expect(result.entities).toHaveProperty('countries');
  });
});
