// Trains the topic model on a labelled sample and measures it by cross-validation.
//
//   pnpm exec tsx packages/tagging/scripts/train-topic-model.ts [labelled.jsonl] [--taxonomy FILE]
//       [--cv] [--folds 5] [--seeds 1,2,3] [--write FILE]
//
// labelled.jsonl (default ../shared/corpus/tagging/articles.jsonl) holds {"id","title","text","labels"}
// lines, as for `newsq tag-eval`; "none" means no topic. --cv prints repeated stratified k-fold figures
// (micro/macro F1, per-topic F1); --write fits on the whole sample and writes the weights (numbers only)
// as JSON, for the taxonomy's `weights:` key (the packaged taxonomy/default.weights.json by default).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadTaxonomy } from '../src/taxonomy';
import { tokenize } from '../src/tokenize';
import { assessTopics } from '../src/topic-matcher';
import {
  type AssessedArticle,
  crossValidate,
  DEFAULT_TRAINING,
  fitTopicModel,
} from '../src/train-topic-model';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    taxonomy: { type: 'string' },
    cv: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    seeds: { type: 'string', default: '1,2,3' },
    write: { type: 'string' },
  },
});
const labelledPath = positionals[0] ?? '../shared/corpus/tagging/articles.jsonl';
const taxonomy = loadTaxonomy(values.taxonomy);

interface LabelledRecord {
  id: string;
  title?: string;
  text?: string;
  labels: string[];
}

const articles: AssessedArticle[] = readFileSync(labelledPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledRecord)
  .map((record) => ({
    id: String(record.id),
    labels: record.labels.filter((label) => label !== 'none'),
    assessments: assessTopics(taxonomy, tokenize(record.title ?? ''), tokenize(record.text ?? '')),
  }));
const fixed = (value: number) => value.toFixed(3);

if (values.cv) {
  const folds = Number(values.folds);
  const seeds = values.seeds.split(',').map(Number);
  const thresholds = Object.fromEntries(
    taxonomy.topics.map((topic) => [topic.id, topic.threshold ?? taxonomy.defaults.threshold]),
  );
  const result = crossValidate(articles, { folds, seeds, thresholds });
  console.log(
    `${folds}-fold stratified cross-validation, seeds ${seeds.join(',')}, ${articles.length} articles`,
  );
  console.log(`${'topic'.padEnd(22)}     F1   (mean tp / fp / fn per repetition)`);
  for (const [id, topic] of Object.entries(result.perTopic)) {
    if (topic.tp + topic.fn === 0 && topic.fp === 0) continue;
    console.log(
      `${id.padEnd(22)}  ${fixed(topic.f1)}   ${topic.tp.toFixed(1)} / ${topic.fp.toFixed(1)} / ${topic.fn.toFixed(1)}`,
    );
  }
  for (const run of result.repetitions)
    console.log(`seed ${run.seed}: microF1 ${fixed(run.microF1)} macroF1 ${fixed(run.macroF1)}`);
  console.log(`cross-validated microF1 ${fixed(result.microF1)} macroF1 ${fixed(result.macroF1)}`);
}

if (values.write) {
  const { featurePenalty, topicPenalty } = DEFAULT_TRAINING;
  const about =
    `Learned by packages/tagging/scripts/train-topic-model.ts from ${articles.length} labelled articles ` +
    `(L2 penalties: features ${featurePenalty}, topic offsets ${topicPenalty}).`;
  const model = fitTopicModel(articles, DEFAULT_TRAINING, about);
  // Lists of numbers and names on one line each, as the formatter keeps them.
  const json = JSON.stringify(model, null, 2).replace(
    /\[\n\s+([^[\]{}]*?)\n\s+\]/g,
    (_, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`,
  );
  writeFileSync(values.write, `${json}\n`);
  console.log(`wrote ${values.write}`);
}
