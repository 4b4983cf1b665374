// Owns the extraction speed benchmark: per-page CPU and wall time of extractArticle against plain
// @mozilla/readability on jsdom (the usual setup) and on linkedom (the DOM extractArticle builds on),
// measured in the same run, interleaved page by page, on the benchmark corpus when ../shared is
// present, otherwise on the extract package's own fixture pages. It also measures compactPageHtml, the
// transport form of a page: its CPU per page and the bytes it keeps.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setImmediate as turnEventLoop } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { compactPageHtml, extractArticle } from '@newsq/extract';

interface BenchContext {
  shared: string | null;
  log: (line: string) => void;
}

interface Page {
  id: string;
  url: string;
  html: string;
}

interface Sample {
  cpuMs: number;
  wallMs: number;
}

type Extractor = (page: Page) => void;

// The baselines use the very Readability, jsdom and linkedom versions @newsq/extract depends on,
// seen through the little of their APIs used here.
interface ReadabilityModule {
  Readability: new (document: unknown) => { parse(): unknown };
}
interface JsdomModule {
  JSDOM: new (html: string, options: object) => { window: { document: unknown; close(): void } };
  VirtualConsole: new () => object;
}
interface LinkedomModule {
  parseHTML(html: string): { document: unknown };
}
const fromExtract = createRequire(import.meta.resolve('@newsq/extract'));
const { Readability } = fromExtract('@mozilla/readability') as ReadabilityModule;
const { JSDOM, VirtualConsole } = fromExtract('jsdom') as JsdomModule;
const { parseHTML } = fromExtract('linkedom') as LinkedomModule;

const readabilityOnJsdom: Extractor = (page) => {
  // jsdom 29 throws on some stylesheets; the benchmark's baseline then scores the page as empty.
  const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
  try {
    new Readability(dom.window.document).parse();
  } finally {
    dom.window.close();
  }
};
const readabilityOnLinkedom: Extractor = (page) => {
  new Readability(parseHTML(page.html).document).parse();
};
const newsqExtract: Extractor = (page) => {
  extractArticle(page.html, page.url);
};
const newsqCompact: Extractor = (page) => {
  compactPageHtml(page.html);
};

function corpusPages(shared: string): Page[] {
  const dir = `${shared}/corpus/extraction`;
  const truth: Record<string, { url: string }> = JSON.parse(readFileSync(`${dir}/ground-truth.json`, 'utf8'));
  return Object.entries(truth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, { url }]) => ({
      id,
      url,
      html: gunzipSync(readFileSync(`${dir}/html/${id}.html.gz`)).toString('utf8'),
    }));
}

function fixturePages(): Page[] {
  const dir = new URL('../../../packages/extract/src/testdata/', import.meta.url);
  const truth: Record<string, { url: string }> = JSON.parse(
    readFileSync(new URL('ground-truth.json', dir), 'utf8'),
  );
  return readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const id = file.replace(/\.html$/, '');
      return {
        id,
        url: truth[id]?.url ?? 'https://example.com/',
        html: readFileSync(new URL(file, dir), 'utf8'),
      };
    });
}

function measure(extract: Extractor, page: Page): Sample | null {
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    extract(page);
  } catch {
    return null;
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export async function run(ctx: BenchContext): Promise<void> {
  const pages = ctx.shared ? corpusPages(ctx.shared) : fixturePages();
  ctx.log(
    ctx.shared
      ? `extraction corpus: ${pages.length} pages of ${ctx.shared}/corpus/extraction`
      : `no ../shared: ${pages.length} fixture pages of packages/extract/src/testdata (figures less representative)`,
  );
  const arms: Array<{ name: string; extract: Extractor; samples: Sample[]; failures: number }> = [
    { name: 'readability+jsdom (baseline)', extract: readabilityOnJsdom, samples: [], failures: 0 },
    { name: 'readability+linkedom', extract: readabilityOnLinkedom, samples: [], failures: 0 },
    { name: 'newsq extractArticle', extract: newsqExtract, samples: [], failures: 0 },
    { name: 'newsq compactPageHtml only', extract: newsqCompact, samples: [], failures: 0 },
  ];
  // Warm-up: module loading and JIT are not per-page costs.
  for (const page of pages.slice(0, 3)) for (const arm of arms) measure(arm.extract, page);
  await turnEventLoop();

  // A handful of fixture pages gives too few samples for a median: measure them several times.
  const rounds = ctx.shared ? 1 : 8;
  const measured = Array.from({ length: rounds }, () => pages).flat();
  for (const [index, page] of measured.entries()) {
    // Rotate the order so no arm always runs on a cache warmed (or a heap filled) by another.
    for (let offset = 0; offset < arms.length; offset++) {
      const arm = arms[(index + offset) % arms.length]!;
      const sample = measure(arm.extract, page);
      if (sample) arm.samples.push(sample);
      else arm.failures++;
      // jsdom frees a closed window only once the event loop turns.
      await turnEventLoop();
    }
  }

  const [baseline] = arms;
  const baselineCpu = quantile(
    baseline!.samples.map((s) => s.cpuMs),
    0.5,
  );
  const baselineWall = quantile(
    baseline!.samples.map((s) => s.wallMs),
    0.5,
  );
  ctx.log(
    'per page, ms               cpu mean  cpu median   cpu p95  wall median  wall p95   speed-up at median (cpu / wall)',
  );
  for (const arm of arms) {
    const cpu = arm.samples.map((s) => s.cpuMs);
    const wall = arm.samples.map((s) => s.wallMs);
    const cpuMedian = quantile(cpu, 0.5);
    const wallMedian = quantile(wall, 0.5);
    const cpuMean = cpu.reduce((sum, value) => sum + value, 0) / cpu.length;
    ctx.log(
      `${arm.name.padEnd(29)}${cpuMean.toFixed(1).padStart(8)}${cpuMedian.toFixed(1).padStart(12)}${quantile(cpu, 0.95).toFixed(1).padStart(10)}` +
        `${wallMedian.toFixed(1).padStart(13)}${quantile(wall, 0.95).toFixed(1).padStart(10)}` +
        `   ${(baselineCpu / cpuMedian).toFixed(2)}x / ${(baselineWall / wallMedian).toFixed(2)}x` +
        (arm.failures > 0 ? `   (${arm.failures} pages threw)` : ''),
    );
  }
  const ours = arms.find((arm) => arm.extract === newsqExtract)!;
  const keptBytes = pages.map(
    (page) => Buffer.byteLength(compactPageHtml(page.html)) / Buffer.byteLength(page.html),
  );
  ctx.log(
    `compactPageHtml keeps ${((100 * keptBytes.reduce((sum, value) => sum + value, 0)) / keptBytes.length).toFixed(1)}% of a page's bytes on average (p95 ${(100 * quantile(keptBytes, 0.95)).toFixed(1)}%)`,
  );
  const ratio =
    baselineCpu /
    quantile(
      ours.samples.map((s) => s.cpuMs),
      0.5,
    );
  ctx.log(
    `extract speed-up vs readability+jsdom at the median page (cpu): ${ratio.toFixed(2)}x (target >= 5x)`,
  );
}
