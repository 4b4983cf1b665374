import { describe, expect, it } from 'vitest';
import type { TopicAssessment } from './topic-matcher';
import { TOPIC_FEATURES, topicProbabilities } from './topic-model';
import {
  type AssessedArticle,
  crossValidate,
  fitTopicModel,
  scoreAssignments,
  stratifiedFolds,
} from './train-topic-model';

const assessment = (id: string, weight: number, support: number): TopicAssessment => ({
  id,
  evidence: weight > 0 ? [{ term: id, count: 1, where: 'text' }] : [],
  weight,
  titleWeight: 0,
  leadWeight: weight / 2,
  negativeWeight: 0,
  support,
  lengthFactor: 1,
  sentences: 8,
});

// A sample where a topic is labelled when its evidence is strong and spread, and not when it is a mention.
function sample(size: number): AssessedArticle[] {
  return Array.from({ length: size }, (_, index) => {
    const strongA = index % 3 !== 0;
    const strongB = index % 4 === 0;
    return {
      id: `article-${index}`,
      labels: [...(strongA ? ['a'] : []), ...(strongB ? ['b'] : [])],
      assessments: [
        assessment('a', strongA ? 10 + (index % 5) : 1 + (index % 2), strongA ? 4 : 1),
        assessment('b', strongB ? 8 + (index % 3) : index % 3, strongB ? 3 : 1),
      ],
    };
  });
}

describe('fitTopicModel', () => {
  it('learns weights that separate covered topics from passing mentions', () => {
    const articles = sample(60);
    const model = fitTopicModel(articles, { featurePenalty: 1, topicPenalty: 1 }, 'test sample');
    expect(model.features).toEqual([...TOPIC_FEATURES]);
    expect(model.about).toBe('test sample');
    expect(Object.keys(model.topicOffsets)).toEqual(['a', 'b']);
    // A topic the sample did not cover is held to the strictest learned offset.
    expect(model.untrainedOffset).toBe(Math.min(0, model.topicOffsets.a!, model.topicOffsets.b!));
    expect(model.weights[TOPIC_FEATURES.indexOf('evidence')]).toBeGreaterThan(0);
    for (const article of articles) {
      const probabilities = topicProbabilities(model, article.assessments);
      article.assessments.forEach((topic, index) => {
        if (article.labels.includes(topic.id)) expect(probabilities[index]).toBeGreaterThan(0.5);
        else expect(probabilities[index]).toBeLessThan(0.5);
      });
    }
  });

  it('pulls offsets towards the shared intercept as their penalty grows', () => {
    const articles = sample(60);
    const loose = fitTopicModel(articles, { featurePenalty: 1, topicPenalty: 0.01 });
    const tight = fitTopicModel(articles, { featurePenalty: 1, topicPenalty: 100 });
    const spread = (offsets: Record<string, number>) => Math.abs(offsets.a! - offsets.b!);
    expect(spread(tight.topicOffsets)).toBeLessThan(spread(loose.topicOffsets));
  });
});

describe('stratifiedFolds', () => {
  it('puts every article in one fold and spreads each label over the folds', () => {
    const articles = sample(40);
    const folds = stratifiedFolds(articles, 5, 1);
    expect(folds).toHaveLength(40);
    for (let fold = 0; fold < 5; fold++) {
      const members = articles.filter((_, index) => folds[index] === fold);
      expect(members).toHaveLength(8);
      // 10 articles are labelled b: two in each fold.
      expect(members.filter((article) => article.labels.includes('b'))).toHaveLength(2);
    }
    expect(stratifiedFolds(articles, 5, 1)).toEqual(folds);
    expect(stratifiedFolds(articles, 5, 2)).not.toEqual(folds);
  });
});

describe('scoreAssignments', () => {
  it('computes micro-F1 over all decisions and macro-F1 over labelled topics', () => {
    const scores = scoreAssignments(
      ['a', 'b', 'c'],
      [
        { labels: ['a'], assigned: ['a'] },
        { labels: ['a', 'b'], assigned: ['a', 'c'] },
        { labels: [], assigned: [] },
      ],
    );
    expect(scores.perTopic.a).toEqual({ f1: 1, tp: 2, fp: 0, fn: 0 });
    expect(scores.perTopic.b).toEqual({ f1: 0, tp: 0, fp: 0, fn: 1 });
    expect(scores.microF1).toBeCloseTo((2 * 2) / (2 * 2 + 1 + 1));
    // c was never labelled, so it does not count in the macro average.
    expect(scores.macroF1).toBeCloseTo(0.5);
  });
});

describe('crossValidate', () => {
  it('tags every article once per seed with a model trained without it', () => {
    const result = crossValidate(sample(60), { folds: 5, seeds: [1, 2] });
    expect(result.repetitions.map((run) => run.seed)).toEqual([1, 2]);
    expect(result.perTopic.a!.tp + result.perTopic.a!.fn).toBe(40);
    expect(result.microF1).toBeGreaterThan(0.9);
    expect(result.microF1).toBeLessThanOrEqual(1);
    expect(result.macroF1).toBeCloseTo((result.repetitions[0]!.macroF1 + result.repetitions[1]!.macroF1) / 2);
  });
});
