import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopicAssessment } from './topic-matcher';
import {
  loadTopicModel,
  parseTopicModel,
  TOPIC_FEATURES,
  type TopicModel,
  topicFeatures,
  topicProbabilities,
} from './topic-model';

const assessment = (id: string, weight: number, more: Partial<TopicAssessment> = {}): TopicAssessment => ({
  id,
  evidence: weight > 0 ? [{ term: `${id} word`, count: 1, where: 'text' }] : [],
  weight,
  titleWeight: 0,
  leadWeight: 0,
  negativeWeight: 0,
  support: weight > 0 ? 1 : 0,
  lengthFactor: 1,
  sentences: 4,
  ...more,
});

// Only the evidence feature counts: p = sigmoid(-2 + offset + log(1 + weight)).
const model: TopicModel = {
  version: 1,
  features: [...TOPIC_FEATURES],
  weights: TOPIC_FEATURES.map((name) => (name === 'evidence' ? 1 : 0)),
  intercept: -2,
  topicOffsets: { trained: 1 },
  untrainedOffset: -0.5,
};

describe('topicFeatures', () => {
  it('describes each topic against the article, in the order of TOPIC_FEATURES', () => {
    const [strong, weak, none] = topicFeatures([
      assessment('a', 6, { titleWeight: 2, leadWeight: 3, support: 3, negativeWeight: 1 }),
      assessment('b', 2, { lengthFactor: 2 }),
      assessment('c', -1),
    ]);
    const named = (values: number[]) =>
      Object.fromEntries(TOPIC_FEATURES.map((name, i) => [name, values[i]]));
    expect(named(strong!)).toEqual({
      evidence: Math.log1p(6),
      sentences: Math.log1p(3),
      title: Math.log1p(2),
      lead: Math.log1p(3),
      share: 0.75,
      relative: 1,
      negative: Math.log1p(1),
      terms: Math.log1p(1),
      density: 1.5,
    });
    expect(named(weak!)).toMatchObject({ evidence: Math.log1p(1), share: 0.25, relative: 2 / 6 });
    // Evidence outweighed by negatives counts as none.
    expect(named(none!)).toMatchObject({ evidence: 0, share: 0, relative: 0, density: 0 });
  });
});

describe('topicProbabilities', () => {
  it('scores a topic without trained weights by the shared weights and the untrained offset', () => {
    const [trained, untrained] = topicProbabilities(model, [assessment('trained', 5), assessment('new', 5)]);
    expect(trained).toBeCloseTo(1 / (1 + Math.exp(-(-2 + 1 + Math.log1p(5)))));
    expect(untrained).toBeCloseTo(1 / (1 + Math.exp(-(-2 - 0.5 + Math.log1p(5)))));
  });

  it('never gives a topic without evidence a chance', () => {
    const generous = { ...model, intercept: 10 };
    expect(topicProbabilities(generous, [assessment('trained', 0), assessment('new', -3)])).toEqual([0, 0]);
  });
});

describe('parseTopicModel and loadTopicModel', () => {
  it('loads the packaged weights', () => {
    const packaged = loadTopicModel();
    expect(packaged.features).toEqual([...TOPIC_FEATURES]);
    expect(Object.keys(packaged.topicOffsets)).toContain('sanctions');
  });

  it('refuses weights trained for other features, or a weight short', () => {
    expect(() => parseTopicModel({ ...model, features: ['evidence'], weights: [1] }, 'old.json')).toThrow(
      /^tagging: invalid topic model old\.json: .*train them again/,
    );
    expect(() => parseTopicModel({ ...model, weights: [1] })).toThrow(/one weight per feature/);
    expect(() => parseTopicModel({ ...model, intercept: 'high' })).toThrow(/intercept/);
  });

  it('names the file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-model-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": 1,');
    expect(() => loadTopicModel(broken)).toThrow(/^tagging: cannot read topic model .*broken\.json/);
    expect(() => loadTopicModel(join(dir, 'missing.json'))).toThrow(/missing\.json/);
  });
});
