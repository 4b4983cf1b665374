// Owns the topic model: the learned layer that turns what the rules found for each topic (evidence
// weight, supporting sentences, title and lead evidence, the topic's share of all evidence, ...) into
// the probability that the topic is a subject of the article. One logistic regression is shared by all
// topics, plus a learned offset per topic, so a topic added to the taxonomy without trained weights is
// scored by the shared weights (with the strictest learned offset). The weights are numbers in a JSON file written by
// scripts/train-topic-model.ts from a labelled sample.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PermanentError } from '@newsq/core';
import { z } from 'zod';
import type { TopicAssessment } from './topic-matcher';

/** The weights trained on the project's labelled sample, used unless a taxonomy names its own. */
export const defaultTopicModelPath = fileURLToPath(
  new URL('../taxonomy/default.weights.json', import.meta.url),
);

/**
 * Probability at which a topic is assigned unless the taxonomy says otherwise: below one half, since a
 * missed topic costs F1 as much as a wrong one (0.4 to 0.5 score alike by cross-validation).
 */
export const DEFAULT_THRESHOLD = 0.45;

/** The features, in the order of a model's weights. */
export const TOPIC_FEATURES = [
  /** log(1 + evidence weight / length factor): how much the rules found, for the article's length. */
  'evidence',
  /** log(1 + sentences holding the topic's evidence): coverage rather than a passing mention. */
  'sentences',
  /** log(1 + evidence weight in the title). */
  'title',
  /** log(1 + evidence weight in the first sentences of the body). */
  'lead',
  /** The topic's share of all topics' evidence. */
  'share',
  /** The topic's evidence against the strongest topic's: secondary subjects are weaker, not absent. */
  'relative',
  /** log(1 + weight of the topic's negative phrases). */
  'negative',
  /** log(1 + distinct phrases that fired): one word said often is weaker than several. */
  'terms',
  /** Evidence weight per body sentence. */
  'density',
] as const;

export const TopicModelSchema = z
  .object({
    version: z.literal(1),
    /** How and on what the weights were learned; informational. */
    about: z.string().optional(),
    features: z.array(z.string()),
    weights: z.array(z.number().finite()),
    intercept: z.number().finite(),
    /** Learned offsets added to the intercept, by topic id. */
    topicOffsets: z.record(z.string(), z.number().finite()).default({}),
    /** The offset of a topic without a learned one: the strictest learned, so a new topic starts cautious. */
    untrainedOffset: z.number().finite().default(0),
  })
  .strict()
  .refine(
    (model) =>
      model.features.length === TOPIC_FEATURES.length &&
      model.features.every((name, index) => name === TOPIC_FEATURES[index]),
    `features must be [${TOPIC_FEATURES.join(', ')}]: the weights were trained for other features, train them again`,
  )
  .refine((model) => model.weights.length === model.features.length, 'needs one weight per feature');

export type TopicModel = z.infer<typeof TopicModelSchema>;

/** Validates an already-parsed topic model; `source` names it in errors. */
export function parseTopicModel(value: unknown, source = 'topic model'): TopicModel {
  const result = TopicModelSchema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new PermanentError('taxonomy_invalid', `tagging: invalid topic model ${source}: ${details}`);
  }
  return result.data;
}

const cache = new Map<string, TopicModel>();

/** Reads a topic model (JSON) once per path. */
export function loadTopicModel(path: string = defaultTopicModelPath): TopicModel {
  const cached = cache.get(path);
  if (cached) return cached;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PermanentError(
      'taxonomy_invalid',
      `tagging: cannot read topic model ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const model = parseTopicModel(value, path);
  cache.set(path, model);
  return model;
}

/** The feature vector of each topic of one article, in the order of TOPIC_FEATURES. */
export function topicFeatures(assessments: TopicAssessment[]): number[][] {
  const positive = assessments.map((topic) => Math.max(0, topic.weight));
  const total = positive.reduce((sum, weight) => sum + weight, 0);
  const strongest = Math.max(0, ...positive);
  return assessments.map((topic, index) => {
    const weight = positive[index]!;
    return [
      Math.log1p(weight / topic.lengthFactor),
      Math.log1p(topic.support),
      Math.log1p(topic.titleWeight),
      Math.log1p(topic.leadWeight),
      total > 0 ? weight / total : 0,
      strongest > 0 ? weight / strongest : 0,
      Math.log1p(topic.negativeWeight),
      Math.log1p(new Set(topic.evidence.map((evidence) => evidence.term)).size),
      weight / Math.max(1, topic.sentences),
    ];
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The linear score of one topic's features; its sigmoid is the probability. */
export function topicLogit(model: TopicModel, topicId: string, features: readonly number[]): number {
  let logit = model.intercept + (model.topicOffsets[topicId] ?? model.untrainedOffset);
  features.forEach((value, index) => {
    logit += model.weights[index]! * value;
  });
  return logit;
}

/** The probability that each topic is a subject of the article; 0 for a topic without evidence. */
export function topicProbabilities(model: TopicModel, assessments: TopicAssessment[]): number[] {
  const features = topicFeatures(assessments);
  return assessments.map((topic, index) =>
    topic.weight > 0 ? sigmoid(topicLogit(model, topic.id, features[index]!)) : 0,
  );
}
