// Owns the tagging benchmark: articles per second on one core for tagArticle (topics,
// countries, people, organisations) against a naive one-keyword-per-topic regex tagger
// measured in the same run, plus both taggers' micro-F1 when the labelled corpus is present.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Relative until tests/package.json depends on @newsq/tagging (the lead owns that file).
import { loadTaxonomy, tagArticle } from '@newsq/tagging';

interface BenchContext {
  shared: string | null;
  log: (line: string) => void;
}

interface Article {
  title: string;
  text: string;
  labels?: string[];
}

const TIME_BUDGET_MS = 4_000;
const MIN_ROUNDS = 2;

// The baseline the issue describes: one keyword per topic, matched anywhere.
const NAIVE_KEYWORDS: Record<string, RegExp> = {
  sanctions: /\bsanctions?\b/i,
  'arms-trade': /\barms\b/i,
  'military-cooperation': /\bmilitary\b/i,
  'nuclear-weapons': /\bnuclear\b/i,
  'humanitarian-aid': /\baid\b/i,
  diplomacy: /\btalks\b/i,
  'armed-conflict': /\bwar\b/i,
  elections: /\belections?\b/i,
  energy: /\boil\b/i,
  trade: /\btrade\b/i,
  cyber: /\bhack/i,
};

function naiveTopics(article: Article): string[] {
  const whole = `${article.title}\n${article.text}`;
  return Object.entries(NAIVE_KEYWORDS)
    .filter(([, keyword]) => keyword.test(whole))
    .map(([id]) => id);
}

const packageTestdata = new URL('../../../packages/tagging/src/testdata/', import.meta.url);

function readJsonLines(path: string | URL): Article[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Article);
}

function projectArticles(): Article[] {
  const [, title, , body] = readFileSync(new URL('seed-article.txt', packageTestdata), 'utf8').split(
    /\n\s*\n+/,
  );
  return [
    { title: title!.trim(), text: body!.trim() },
    ...readJsonLines(new URL('articles.jsonl', packageTestdata)),
  ];
}

/** Runs `tag` over the articles for about TIME_BUDGET_MS; returns articles per second. */
function throughput(articles: Article[], tag: (article: Article) => unknown): number {
  let tagged = 0;
  let rounds = 0;
  const started = performance.now();
  while (rounds < MIN_ROUNDS || performance.now() - started < TIME_BUDGET_MS) {
    for (const article of articles) tag(article);
    tagged += articles.length;
    rounds++;
  }
  return tagged / ((performance.now() - started) / 1000);
}

function microF1(articles: Article[], predict: (article: Article) => string[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const article of articles) {
    const truth = new Set((article.labels ?? []).filter((label) => label !== 'none'));
    const predicted = new Set(predict(article));
    for (const label of predicted) truth.has(label) ? tp++ : fp++;
    for (const label of truth) if (!predicted.has(label)) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

export async function run(ctx: BenchContext): Promise<void> {
  const taxonomy = loadTaxonomy();
  const corpusPath = ctx.shared ? join(ctx.shared, 'corpus/tagging/articles.jsonl') : null;
  const corpus = corpusPath ? readJsonLines(corpusPath) : [];
  const articles = corpus.length > 0 ? corpus : projectArticles();
  const source = corpus.length > 0 ? 'tagging dev corpus' : 'project fixtures (seed article + test articles)';
  const meanWords = articles.reduce((sum, a) => sum + a.text.split(/\s+/).length, 0) / articles.length;
  ctx.log(`articles: ${articles.length} from ${source}, mean ${Math.round(meanWords)} words`);

  // Warm up: compile the taxonomy, build the country gazetteer, load the NLP lexicon.
  for (const article of articles) tagArticle(article, taxonomy);

  const baseline = throughput(articles, naiveTopics);
  const full = throughput(articles, (article) => tagArticle(article, taxonomy));
  ctx.log(`naive keyword tagger (baseline): ${baseline.toFixed(0)} articles/s`);
  ctx.log(
    `tagArticle (topics + entities):  ${full.toFixed(1)} articles/s, ${(full / baseline).toFixed(4)}x baseline`,
  );

  if (corpus.length > 0) {
    const ours = microF1(corpus, (article) => tagArticle(article, taxonomy).topics.map((topic) => topic.id));
    const naive = microF1(corpus, naiveTopics);
    ctx.log(`topic micro-F1 on the dev corpus: tagArticle ${ours.toFixed(3)}, baseline ${naive.toFixed(3)}`);
  }
}
