// Owns the tagging batch commands: `newsq tag` (JSON lines in, tags out, one
// answer per input line, whatever the line holds) and `newsq tag-eval` (per-topic
// precision/recall of the taxonomy on an operator's labelled sample).
import { createReadStream } from 'node:fs';
import { readJsonLines, writeJsonLine } from '@newsq/core';
import { tagArticle } from './tag-article';
import { loadTaxonomy, type Taxonomy } from './taxonomy';

export interface TagBatchOptions {
  /** Taxonomy file; the packaged default when absent. */
  taxonomyPath?: string;
}

const NO_TOPIC = 'none';

function articleFrom(record: Record<string, unknown>): { title: string; text: string } | string {
  if (typeof record.parseError === 'string') return record.parseError;
  const title = record.title ?? '';
  const text = record.text ?? '';
  if (typeof title !== 'string' || typeof text !== 'string')
    return 'tagging: "title" and "text" must be strings';
  if (title === '' && text === '') return 'tagging: record has neither "title" nor "text"';
  return { title, text };
}

/** Reads {"id","title","text"} lines and writes {"id","topics","entities"} lines (or {"id","error"}). */
export async function runTagBatch(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: TagBatchOptions = {},
): Promise<void> {
  const taxonomy = loadTaxonomy(options.taxonomyPath);
  for await (const record of readJsonLines(input)) {
    const id = record.id ?? null;
    const article = articleFrom(record);
    if (typeof article === 'string') {
      await writeJsonLine(output, { id, error: article });
      continue;
    }
    try {
      const tags = tagArticle(article, taxonomy);
      await writeJsonLine(output, { id, topics: tags.topics, entities: tags.entities });
    } catch (error) {
      await writeJsonLine(output, { id, error: `tagging: ${(error as Error).message}` });
    }
  }
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface TagEvalResult {
  microF1: number;
  macroF1: number;
}

function prf({ tp, fp, fn }: Counts): { precision: number; recall: number; f1: number } {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

async function writeLine(output: NodeJS.WritableStream, line: string): Promise<void> {
  if (!output.write(`${line}\n`)) await new Promise<void>((resolve) => output.once('drain', resolve));
}

const fixed = (value: number) => value.toFixed(3);

/**
 * Scores the taxonomy on a labelled JSON-lines sample ({"id","title","text","labels":[...]}, "none" = no
 * topic) and writes a per-topic table, the articles it got wrong and a summary line. Micro-F1 counts every
 * topic's decisions; macro-F1 averages the topics that have at least one labelled article.
 */
export async function runTagEval(
  labelledPath: string,
  output: NodeJS.WritableStream,
  options: TagBatchOptions = {},
): Promise<TagEvalResult> {
  const taxonomy: Taxonomy = loadTaxonomy(options.taxonomyPath);
  const counts = new Map<string, Counts>(taxonomy.topics.map((topic) => [topic.id, { tp: 0, fp: 0, fn: 0 }]));
  const countsFor = (label: string) => {
    let entry = counts.get(label);
    if (!entry) {
      entry = { tp: 0, fp: 0, fn: 0 };
      counts.set(label, entry);
    }
    return entry;
  };
  const mistakes: string[] = [];
  const skipped: string[] = [];
  let articles = 0;
  let line = 0;
  for await (const record of readJsonLines(createReadStream(labelledPath))) {
    line++;
    const article = articleFrom(record);
    const labels = record.labels;
    if (
      typeof article === 'string' ||
      !Array.isArray(labels) ||
      !labels.every((l) => typeof l === 'string')
    ) {
      skipped.push(
        `line ${line}: skipped: ${typeof article === 'string' ? article : 'tagging: "labels" must be an array of strings'}`,
      );
      continue;
    }
    articles++;
    const truth = new Set(labels.filter((label) => label !== NO_TOPIC));
    const predicted = new Set(tagArticle(article, taxonomy).topics.map((topic) => topic.id));
    for (const label of new Set([...truth, ...predicted])) {
      const entry = countsFor(label);
      if (truth.has(label) && predicted.has(label)) entry.tp++;
      else if (predicted.has(label)) entry.fp++;
      else entry.fn++;
    }
    if (truth.size !== predicted.size || [...truth].some((label) => !predicted.has(label))) {
      const show = (set: Set<string>) => (set.size > 0 ? [...set].join(', ') : NO_TOPIC);
      mistakes.push(
        `${String(record.id ?? `line ${line}`)}: labelled [${show(truth)}] tagged [${show(predicted)}]`,
      );
    }
  }

  await writeLine(
    output,
    `${'topic'.padEnd(24)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}  support  tagged`,
  );
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const supportedF1: number[] = [];
  for (const [label, entry] of counts) {
    const { precision, recall, f1 } = prf(entry);
    total.tp += entry.tp;
    total.fp += entry.fp;
    total.fn += entry.fn;
    const support = entry.tp + entry.fn;
    if (support > 0) supportedF1.push(f1);
    const unknown = taxonomy.topics.some((topic) => topic.id === label) ? '' : '  (not in taxonomy)';
    await writeLine(
      output,
      `${label.padEnd(24)} ${fixed(precision).padStart(6)} ${fixed(recall).padStart(6)} ${fixed(f1).padStart(6)}  ${String(support).padStart(7)}  ${String(entry.tp + entry.fp).padStart(6)}${unknown}`,
    );
  }
  for (const message of [...mistakes, ...skipped]) await writeLine(output, message);
  const microF1 = prf(total).f1;
  const macroF1 = supportedF1.length > 0 ? supportedF1.reduce((a, b) => a + b, 0) / supportedF1.length : 0;
  await writeLine(output, `microF1 ${fixed(microF1)} macroF1 ${fixed(macroF1)} articles ${articles}`);
  return { microF1, macroF1 };
}
