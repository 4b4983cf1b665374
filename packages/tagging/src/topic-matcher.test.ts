import { describe, expect, it } from 'vitest';
import { parseTaxonomy } from './taxonomy';
import { tokenize } from './tokenize';
import { scoreTopics } from './topic-matcher';

// One topic per phrase rule, each assigned from a single piece of evidence.
const taxonomy = parseTaxonomy({
  version: 1,
  defaults: { threshold: 0.5, titleBoost: 2, scale: 1, referenceWords: 400, secondaryRatio: 0 },
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

const tag = (text: string, title = '') =>
  scoreTopics(taxonomy, tokenize(title), tokenize(text)).map((t) => t.id);

describe('scoreTopics phrase syntax', () => {
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

describe('scoreTopics scoring', () => {
  const weighted = parseTaxonomy({
    version: 1,
    defaults: { scale: 4, threshold: 0.5 },
    topics: [{ id: 'energy', titleBoost: 3, terms: { 'crude oil': 2, barrel: 1 } }],
  });
  const score = (title: string, text: string) => scoreTopics(weighted, tokenize(title), tokenize(text));

  it('reports evidence per phrase and place, strongest first', () => {
    const [topic] = score('Crude oil climbs', 'Crude oil rose by a dollar a barrel. Crude oil stocks fell.');
    expect(topic?.evidence).toEqual([
      { term: 'crude oil', count: 1, where: 'title' },
      { term: 'crude oil', count: 2, where: 'text' },
      { term: 'barrel', count: 1, where: 'text' },
    ]);
    expect(topic?.score).toBeGreaterThan(0.9);
    expect(topic?.score).toBeLessThanOrEqual(1);
  });

  it('needs more evidence than one passing mention', () => {
    expect(score('', 'Crude oil was mentioned once.')).toEqual([]);
  });

  it('weighs a phrase in the title above the same phrase in the text', () => {
    const inTitle = score('Crude oil news', 'Prices moved. Crude oil traders waited.')[0]?.score ?? 0;
    const inText = score('News', 'Prices moved. Crude oil traders waited. Crude oil again.')[0]?.score ?? 0;
    expect(inTitle).toBeGreaterThan(inText);
  });

  it('assigns a topic only when its evidence spans minSentences sentences, the title counting as one', () => {
    const spread = parseTaxonomy({
      version: 1,
      defaults: { scale: 1, threshold: 0.5, minSentences: 2 },
      topics: [{ id: 'energy', terms: { 'crude oil': 2 } }],
    });
    const ids = (title: string, text: string) =>
      scoreTopics(spread, tokenize(title), tokenize(text)).map((topic) => topic.id);
    expect(ids('', 'Crude oil and more crude oil, said one trader.')).toEqual([]);
    expect(ids('', 'Crude oil rose. Crude oil fell.')).toEqual(['energy']);
    expect(ids('Crude oil climbs', 'Crude oil rose.')).toEqual(['energy']);
  });

  it('asks long articles for proportionally more evidence', () => {
    const short = score('', 'Crude oil rose. Crude oil fell.')[0]?.score ?? 0;
    const long =
      score('', `Crude oil rose. Crude oil fell. ${'Nothing else happened today. '.repeat(300)}`)[0]?.score ??
      0;
    expect(long).toBeLessThan(short);
  });
});
