// Owns learning the topic model from a labelled sample (an L2-penalised logistic regression fitted by
// Newton's method: weights shared by all topics, plus one offset per topic pulled towards none), and
// measuring it by repeated, stratified k-fold cross-validation. Used by scripts/train-topic-model.ts;
// tagging itself only reads the weights (topic-model.ts).
import { createHash } from 'node:crypto';
import { Matrix, solve } from 'ml-matrix';
import type { TopicAssessment } from './topic-matcher';
import {
  DEFAULT_THRESHOLD,
  TOPIC_FEATURES,
  type TopicModel,
  topicFeatures,
  topicProbabilities,
} from './topic-model';

/** One labelled article, as the rules assessed it. */
export interface AssessedArticle {
  id: string;
  /** Topic ids; an empty list means no topic. */
  labels: string[];
  assessments: TopicAssessment[];
}

export interface TrainingOptions {
  /** L2 penalty on the shared feature weights. */
  featurePenalty: number;
  /** L2 penalty on each topic's offset: larger keeps rare topics closer to the shared intercept. */
  topicPenalty: number;
}

/** Chosen by cross-validation on the project's sample; weaker penalties fit its noise. */
export const DEFAULT_TRAINING: TrainingOptions = { featurePenalty: 1, topicPenalty: 1 };

const NEWTON_STEPS = 50;
const CONVERGED = 1e-8;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Fits the topic model; topics with examples get an offset, the rest are scored by the shared weights. */
export function fitTopicModel(
  articles: AssessedArticle[],
  options: TrainingOptions = DEFAULT_TRAINING,
  about?: string,
): TopicModel {
  const topicIds = [...new Set(articles.flatMap((article) => article.assessments.map((topic) => topic.id)))];
  const features = TOPIC_FEATURES.length;
  // Columns: intercept, shared feature weights, one indicator per topic.
  const columns = 1 + features + topicIds.length;
  const rows: number[][] = [];
  const outcomes: number[] = [];
  for (const article of articles) {
    const vectors = topicFeatures(article.assessments);
    article.assessments.forEach((topic, index) => {
      if (topic.weight <= 0) return;
      const row = new Array<number>(columns).fill(0);
      row[0] = 1;
      vectors[index]!.forEach((value, feature) => {
        row[1 + feature] = value;
      });
      row[1 + features + topicIds.indexOf(topic.id)] = 1;
      rows.push(row);
      outcomes.push(article.labels.includes(topic.id) ? 1 : 0);
    });
  }
  const penalty = Array.from({ length: columns }, (_, column) =>
    column === 0 ? 0 : column <= features ? options.featurePenalty : options.topicPenalty,
  );
  const design = new Matrix(rows);
  const transposed = design.transpose();
  let theta = Matrix.zeros(columns, 1);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const probabilities = design.mmul(theta).to1DArray().map(sigmoid);
    const residuals = Matrix.columnVector(probabilities.map((p, row) => p - outcomes[row]!));
    const gradient = transposed.mmul(residuals).add(Matrix.columnVector(penalty).mul(theta));
    const curvature = probabilities.map((p) => p * (1 - p));
    const hessian = transposed.mmul(design.clone().mulColumnVector(curvature)).add(Matrix.diag(penalty));
    const change = solve(hessian, gradient);
    theta = theta.sub(change);
    if (change.norm('max') < CONVERGED) break;
  }
  const values = theta.to1DArray();
  const rounded = (value: number) => Math.round(value * 10_000) / 10_000;
  const offsets = topicIds.map((_, index) => rounded(values[1 + features + index]!));
  return {
    version: 1,
    ...(about ? { about } : {}),
    features: [...TOPIC_FEATURES],
    weights: values.slice(1, 1 + features).map(rounded),
    intercept: rounded(values[0]!),
    topicOffsets: Object.fromEntries(topicIds.map((id, index) => [id, offsets[index]!])),
    untrainedOffset: Math.min(0, ...offsets),
  };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const f1 = ({ tp, fp, fn }: Counts) => (tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0);

export interface TopicScores {
  microF1: number;
  /** Mean F1 of the topics labelled at least once in the sample. */
  macroF1: number;
  perTopic: Record<string, { f1: number; tp: number; fp: number; fn: number }>;
}

/** Micro/macro F1 of assigned topics against labels, for the topics of `topicIds`. */
export function scoreAssignments(
  topicIds: string[],
  results: { labels: string[]; assigned: string[] }[],
): TopicScores {
  const counts = new Map(topicIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  for (const { labels, assigned } of results) {
    for (const [id, entry] of counts) {
      const labelled = labels.includes(id);
      const tagged = assigned.includes(id);
      if (labelled && tagged) entry.tp++;
      else if (tagged) entry.fp++;
      else if (labelled) entry.fn++;
    }
  }
  const total = { tp: 0, fp: 0, fn: 0 };
  const perTopic: TopicScores['perTopic'] = {};
  const labelledF1: number[] = [];
  for (const [id, entry] of counts) {
    total.tp += entry.tp;
    total.fp += entry.fp;
    total.fn += entry.fn;
    perTopic[id] = { f1: f1(entry), ...entry };
    if (entry.tp + entry.fn > 0) labelledF1.push(f1(entry));
  }
  const macroF1 = labelledF1.length > 0 ? labelledF1.reduce((a, b) => a + b, 0) / labelledF1.length : 0;
  return { microF1: f1(total), macroF1, perTopic };
}

/**
 * Assigns folds so each holds its share of every topic: articles are grouped by their rarest label
 * (by its frequency in the sample; "no topic" counts as a label), ordered within a group by a hash of
 * the seed and the id, and dealt out in turn.
 */
export function stratifiedFolds(articles: AssessedArticle[], folds: number, seed: number): number[] {
  const labelsOf = (article: AssessedArticle) => (article.labels.length > 0 ? article.labels : ['']);
  const frequency = new Map<string, number>();
  for (const article of articles)
    for (const label of labelsOf(article)) frequency.set(label, (frequency.get(label) ?? 0) + 1);
  const order = articles.map((article, index) => {
    const rarest = labelsOf(article).reduce((a, b) =>
      frequency.get(b)! < frequency.get(a)! || (frequency.get(b) === frequency.get(a) && b < a) ? b : a,
    );
    const tie = createHash('sha256').update(`${seed}:${article.id}`).digest('hex');
    return { index, key: [frequency.get(rarest)!, rarest, tie] as const };
  });
  order.sort((a, b) => {
    for (let part = 0; part < 3; part++) {
      if (a.key[part]! < b.key[part]!) return -1;
      if (a.key[part]! > b.key[part]!) return 1;
    }
    return 0;
  });
  const fold = new Array<number>(articles.length);
  order.forEach(({ index }, position) => {
    fold[index] = position % folds;
  });
  return fold;
}

export interface CrossValidationOptions {
  folds: number;
  seeds: number[];
  training: TrainingOptions;
  /** Probability at which each topic is assigned (the taxonomy's thresholds); DEFAULT_THRESHOLD when absent. */
  thresholds: Record<string, number>;
}

export interface CrossValidation extends TopicScores {
  /** Micro and macro F1 of each repetition; the top-level figures are their means. */
  repetitions: { seed: number; microF1: number; macroF1: number }[];
}

/**
 * Repeated stratified k-fold cross-validation: for each seed, every article is tagged once by a model
 * trained on the other folds, and the pooled predictions are scored; figures are averaged over seeds.
 */
export function crossValidate(
  articles: AssessedArticle[],
  options: Partial<CrossValidationOptions> = {},
): CrossValidation {
  const { folds = 5, seeds = [1, 2, 3], training = DEFAULT_TRAINING, thresholds = {} } = options;
  const topicIds = articles[0]?.assessments.map((topic) => topic.id) ?? [];
  const repetitions = seeds.map((seed) => {
    const foldOf = stratifiedFolds(articles, folds, seed);
    const results: { labels: string[]; assigned: string[] }[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const model = fitTopicModel(
        articles.filter((_, index) => foldOf[index] !== fold),
        training,
      );
      articles.forEach((article, index) => {
        if (foldOf[index] !== fold) return;
        const probabilities = topicProbabilities(model, article.assessments);
        const assigned = article.assessments
          .filter(
            (topic, topicIndex) => probabilities[topicIndex]! >= (thresholds[topic.id] ?? DEFAULT_THRESHOLD),
          )
          .map((topic) => topic.id);
        results.push({ labels: article.labels, assigned });
      });
    }
    return { seed, ...scoreAssignments(topicIds, results) };
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const perTopic: TopicScores['perTopic'] = {};
  for (const id of topicIds) {
    const of = (key: 'f1' | 'tp' | 'fp' | 'fn') => mean(repetitions.map((run) => run.perTopic[id]![key]));
    perTopic[id] = { f1: of('f1'), tp: of('tp'), fp: of('fp'), fn: of('fn') };
  }
  return {
    microF1: mean(repetitions.map((run) => run.microF1)),
    macroF1: mean(repetitions.map((run) => run.macroF1)),
    perTopic,
    repetitions: repetitions.map(({ seed, microF1, macroF1 }) => ({ seed, microF1, macroF1 })),
  };
}
