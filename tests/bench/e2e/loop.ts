// The plain loop a user would write, run as its own process by the e2e bench: read every feed, then
// for each link in turn fetch the page, run @mozilla/readability on jsdom and insert a row into SQLite
// (better-sqlite3). Prints one JSON line with its counts and timings.
//   node --import tsx tests/bench/e2e/loop.ts <feeds.txt> <loop.db>
import { readFileSync } from 'node:fs';
import { setImmediate as turnEventLoop } from 'node:timers/promises';
import { Readability } from '@mozilla/readability';
import Database from 'better-sqlite3';
import { JSDOM, VirtualConsole } from 'jsdom';
import Parser from 'rss-parser';

export interface LoopResult {
  feeds: number;
  links: number;
  stored: number;
  failed: number;
  feedsMs: number;
  totalMs: number;
}

const [feedList, databasePath] = process.argv.slice(2);
if (!feedList || !databasePath) throw new Error('usage: loop.ts <feeds.txt> <loop.db>');
const started = performance.now();
const db = new Database(databasePath);
db.exec(
  'CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, title TEXT, byline TEXT, text TEXT, published_at TEXT, created_at TEXT NOT NULL)',
);
const insert = db.prepare(
  'INSERT OR IGNORE INTO articles (url, title, byline, text, published_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
);

const parser = new Parser();
const links = new Set<string>();
const feeds = readFileSync(feedList, 'utf8').split('\n').filter(Boolean);
for (const feedUrl of feeds) {
  const feed = await parser.parseString(await (await fetch(feedUrl)).text());
  for (const item of feed.items) if (item.link) links.add(item.link);
}
const feedsMs = performance.now() - started;

let stored = 0;
let failed = 0;
for (const link of links) {
  try {
    const response = await fetch(link);
    // jsdom throws on some stylesheets; Readability does not need them.
    const html = (await response.text()).replace(/<style[\s\S]*?<\/style>/gi, '');
    const dom = new JSDOM(html, { url: link, virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    dom.window.close();
    insert.run(
      link,
      article?.title ?? null,
      article?.byline ?? null,
      article?.textContent ?? '',
      article?.publishedTime ?? null,
      new Date().toISOString(),
    );
    stored++;
  } catch {
    failed++;
  }
  // jsdom frees a closed window only once the event loop turns.
  await turnEventLoop();
}
db.close();
const result: LoopResult = {
  feeds: feeds.length,
  links: links.size,
  stored,
  failed,
  feedsMs: Math.round(feedsMs),
  totalMs: Math.round(performance.now() - started),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
