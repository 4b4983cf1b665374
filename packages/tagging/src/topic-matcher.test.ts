import { describe, expect, it } from 'vitest';
import { parseTaxonomy } from './taxonomy';
import { tokenize } from './tokenize';
import { assessTopics, scoreTopics } from './topic-matcher';

// One topic per phrase rule.
const taxonomy = parseTaxonomy({
  version: 1,
  topics: [
    { id: 'inflected', terms: { 'sanction relief': 1 } },
    { id: 'exact', terms: { '=arms': 1 } },
    { id: 'prefix', terms: { 'cyber*': 1 } },
    { id: 'capitals', terms: { US: 1 } },
    { id: 'hyphen', terms: { 'e-mail': 1 } },
    { id: 'masked', terms: { war: 1 }, except: ['trade war'] },
    { id: 'vetoed', terms: { oil: 1 }, negative: { painting: 2 } },
    { id: 'nearby', terms: { zzz: 1 }, near: [{ terms: ['sell'], near: ['missile'], window: 3, weight: 1 }] },
    { id: 'trading', terms: { import: 1 } },
    { id: 'relief', terms: { aid: 1 } },
    { id: 'pipelines', terms: { 'gas pipeline': 1 } },
    { id: 'fuel', terms: { petroleum: 1 } },
    { id: 'summits', terms: { summit: 1 }, unless: ['WTO'] },
  ],
});

// The topics the rules find evidence for (assignment is the topic model's, tested below).
const tag = (text: string, title = '') =>
  assessTopics(taxonomy, tokenize(title), tokenize(text))
    .filter((topic) => topic.weight > 0)
    .map((topic) => topic.id);

describe('phrase syntax', () => {
  const cases: { text: string; expected: string[] }[] = [
    { text: 'They discussed sanctions relief.', expected: ['inflected'] },
    { text: 'Calls for sanctioned relief grew.', expected: ['inflected'] },
    { text: 'Calls for sanctioning relieved nobody.', expected: [] },
    { text: 'A shipment of arms arrived.', expected: ['exact'] },
    { text: 'The armed men left; he broke his arm.', expected: [] },
    { text: 'A cyberattack hit the bank.', expected: ['prefix'] },
    { text: 'The US said so.', expected: ['capitals'] },
    { text: 'Tell us what you think.', expected: [] },
    { text: 'He sent an e-mail and an e mail.', expected: ['hyphen'] },
    { text: 'The war ended.', expected: ['masked'] },
    { text: 'Fears of a trade war grew.', expected: [] },
    { text: 'Oil rose.', expected: ['vetoed'] },
    { text: 'An oil painting sold.', expected: [] },
    { text: 'Plans to sell the new missile abroad.', expected: ['nearby'] },
    { text: 'Plans to sell shares were dropped after a long debate about the missile.', expected: [] },
    // Inflections, not derived words: "import" is not "important", "aid" is not "aide".
    { text: 'Imports rose; the country imported more.', expected: ['trading'] },
    { text: 'It is important, said an aide.', expected: [] },
    { text: 'They aided the victims.', expected: ['relief'] },
    // Neither a phrase nor a near rule runs across a sentence end.
    { text: 'They bought gas. Pipeline works began.', expected: [] },
    { text: 'The gas pipeline opened.', expected: ['pipelines'] },
    { text: 'They sell cars. The missile was tested.', expected: [] },
    // A company's name is not evidence of what its words say, wherever it stands.
    { text: 'Shares in Harbour Petroleum Corp rose after the results.', expected: [] },
    { text: 'Petroleum exports rose.', expected: ['fuel'] },
    // An `unless` phrase vetoes its sentence only.
    { text: 'WTO members gather for a summit.', expected: [] },
    { text: 'WTO members met. Leaders gather for a summit.', expected: ['summits'] },
  ];
  it.each(cases)('$text -> $expected', ({ text, expected }) => {
    expect(tag(text)).toEqual(expected);
  });
});

describe('assessTopics', () => {
  const energy = parseTaxonomy({
    version: 1,
    topics: [{ id: 'energy', titleBoost: 3, terms: { 'crude oil': 2, barrel: 1 }, negative: { olive: 1 } }],
  });
  const assess = (title: string, text: string) => assessTopics(energy, tokenize(title), tokenize(text))[0]!;

  it('reports evidence per phrase and place, strongest first, and where it stands', () => {
    const topic = assess(
      'Crude oil climbs',
      'Crude oil rose by a dollar a barrel. Traders waited. Crude oil stocks fell. Olive growers shrugged.',
    );
    expect(topic.evidence).toEqual([
      { term: 'crude oil', count: 1, where: 'title' },
      { term: 'crude oil', count: 2, where: 'text' },
      { term: 'barrel', count: 1, where: 'text' },
    ]);
    expect(topic.titleWeight).toBe(2);
    // The lead is the first two sentences of the body.
    expect(topic.leadWeight).toBe(3);
    expect(topic.negativeWeight).toBe(1);
    expect(topic.weight).toBeCloseTo(2 * 3 + 2 * (1 + Math.log(2)) + 1 - 1);
    // Sentences holding evidence: the title and two sentences of the body.
    expect(topic.support).toBe(3);
    expect(topic.sentences).toBe(4);
  });

  it('counts long articles as needing proportionally more evidence', () => {
    expect(assess('', 'Crude oil rose.').lengthFactor).toBe(1);
    expect(assess('', 'Nothing happened. '.repeat(800)).lengthFactor).toBeCloseTo(2);
  });
});

describe('scoreTopics', () => {
  const energy = parseTaxonomy({
    version: 1,
    topics: [{ id: 'energy', terms: { 'crude oil': 2, barrel: 1, refinery: 2 } }],
  });
  const score = (title: string, text: string) => scoreTopics(energy, tokenize(title), tokenize(text));
  const story =
    'Crude oil prices rose by two dollars a barrel on Monday. Refinery workers went on strike. ' +
    'Crude oil stocks fell for a third week.';

  it('assigns a topic the evidence covers, with a probability and the evidence behind it', () => {
    const [topic] = score('Crude oil climbs', story);
    expect(topic?.id).toBe('energy');
    expect(topic?.score).toBeGreaterThan(0.5);
    expect(topic?.score).toBeLessThanOrEqual(1);
    expect(topic?.evidence[0]).toEqual({ term: 'crude oil', count: 1, where: 'title' });
  });

  it('needs more evidence than one passing mention', () => {
    expect(score('', `Crude oil was mentioned once. ${'Other news followed. '.repeat(10)}`)).toEqual([]);
  });

  it('weighs a phrase in the title above the same phrase in the text', () => {
    const inTitle = score('Crude oil news', story)[0]?.score ?? 0;
    const inText = score('News', `Crude oil again. ${story}`)[0]?.score ?? 0;
    expect(inTitle).toBeGreaterThan(inText);
  });

  it('asks long articles for proportionally more evidence', () => {
    const short = score('', story)[0]?.score ?? 0;
    const long = score('', `${story} ${'Nothing else happened today. '.repeat(300)}`)[0]?.score ?? 0;
    expect(long).toBeLessThan(short);
  });

  it("assigns by the topic's threshold", () => {
    const strict = parseTaxonomy({
      version: 1,
      topics: [{ id: 'energy', threshold: 0.999, terms: { 'crude oil': 2, barrel: 1, refinery: 2 } }],
    });
    expect(scoreTopics(strict, tokenize('Crude oil climbs'), tokenize(story))).toEqual([]);
  });
});
