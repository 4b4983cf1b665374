import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDedupeBatch } from './batch';
import { createDedupeIndex } from './dedupe-index';
import { createMemoryDedupeStore } from './memory-store';
import type { DedupeStore } from './store';
import { lightlyEdit, syntheticArticle, truncate, wrapSyndicated } from './testing';

const DAY_MS = 86_400_000;

function freshIndex(now: () => number = Date.now) {
  return createDedupeIndex({ store: createMemoryDedupeStore({ now }), now });
}

// Two outlets' own reports of one (invented) event: same facts, names and figures, different prose.
const BRIDGE_REPORT_ONE = `A section of the Harlow Street bridge in Eastmere gave way on Tuesday morning, sending two delivery vans into the canal below, city officials said. Both drivers were pulled from the water by passers-by and taken to hospital with minor injuries.

The 1962 bridge had been scheduled for repairs next year after an inspection found corrosion in its supports, according to a council report published in March. Mayor Ines Draper said engineers would examine the remaining spans before any traffic is allowed back.

Residents said cracks had been visible for months. Road closures are expected to last at least three weeks while the canal is cleared.`;

const BRIDGE_REPORT_TWO = `Two drivers escaped with cuts and bruises after part of an ageing bridge collapsed into an Eastmere canal, taking their vans with it. Witnesses described a loud crack shortly after 8 a.m. on Tuesday before the deck of the Harlow Street crossing dropped into the water.

Mayor Ines Draper told reporters the structure, opened in 1962, was already on a list for work, and a March council study had flagged rusting supports. "Nobody goes back on that bridge until every span has been checked," she said.

Neighbours complained that warnings had gone unheeded, and officials said detours would stay in place for about three weeks.`;

function monthlyReport(month: string, sales: number, change: string, share: string, stock: number): string {
  return `New car registrations in Valdoria rose to ${sales} units in ${month}, up ${change} pct from a year earlier, the national motor trade association said on Monday.

Electric models took a ${share} pct share of the market, the association said in its monthly survey, and dealers reported stocks of ${stock} unsold vehicles at the end of the month.

The association kept its forecast for the full year unchanged and said supply of parts had returned to normal.`;
}

describe('createDedupeIndex', () => {
  const story = syntheticArticle(2024, 350);

  it.each([
    ['a syndicated wrap', wrapSyndicated(story.text, 'Example Gazette')],
    ['a light edit', lightlyEdit(story.text, 4, 1)],
    ['a truncation with a footer', wrapSyndicated(truncate(story.text, 0.75), 'Example Gazette')],
    ['a reflowed, re-cased copy', story.text.toUpperCase().replace(/\n\n/g, '\n')],
  ])('collapses %s onto the original', async (_, copyText) => {
    const index = freshIndex();
    await index.check({ id: 'original', ...story });
    const verdict = await index.check({ id: 'copy', title: 'A new headline', text: copyText });
    expect(verdict.duplicateOf).toBe('original');
    expect(verdict.cluster).toBe('original');
    expect(verdict.similarity).toBeGreaterThan(0.5);
  });

  it('marks an exact copy as exact', async () => {
    const index = freshIndex();
    await index.check({ id: 'a', ...story });
    expect(await index.check({ id: 'b', title: story.title, text: `  ${story.text}  ` })).toEqual({
      duplicateOf: 'a',
      cluster: 'a',
      similarity: 1,
      exact: true,
    });
  });

  it('keeps another outlet report of the same event apart', async () => {
    const index = freshIndex();
    await index.check({ id: 'gazette', title: 'Bridge collapses', text: BRIDGE_REPORT_ONE });
    const verdict = await index.check({ id: 'courier', title: 'Bridge collapses', text: BRIDGE_REPORT_TWO });
    expect(verdict).toEqual({ duplicateOf: null, cluster: 'courier', similarity: null, exact: false });
  });

  it('keeps a recurring report with new figures apart, but collapses its re-send', async () => {
    const index = freshIndex();
    const may = monthlyReport('May', 48210, '3.4', '21.5', 61300);
    await index.check({ id: 'may', title: 'Car sales', text: may });
    const june = await index.check({
      id: 'june',
      title: 'Car sales',
      text: monthlyReport('June', 51940, '5.1', '22.8', 58700),
    });
    expect(june.duplicateOf).toBeNull();
    const resend = await index.check({
      id: 'may-resend',
      title: 'CAR SALES',
      text: may.replace('said on Monday', 'said Monday'),
    });
    expect(resend.duplicateOf).toBe('may');
  });

  it('points a copy of a copy at the earliest original', async () => {
    const index = freshIndex();
    await index.check({ id: 'first', ...story });
    await index.check({ id: 'second', title: story.title, text: lightlyEdit(story.text, 3, 2) });
    const third = await index.check({ id: 'third', title: story.title, text: lightlyEdit(story.text, 3, 3) });
    expect(third.duplicateOf).toBe('first');
    expect(third.cluster).toBe('first');
  });

  it('is redelivery-safe: same verdict twice, no self-match, an original stays an original', async () => {
    const index = freshIndex();
    const original = await index.check({ id: 'o', ...story });
    const copy = { id: 'c', title: story.title, text: wrapSyndicated(story.text, 'Example Gazette') };
    const duplicate = await index.check(copy);
    expect(await index.check({ id: 'o', ...story })).toEqual(original);
    expect(await index.check(copy)).toEqual(duplicate);
    expect(original.duplicateOf).toBeNull();
  });

  it('forgets originals older than the retention window', async () => {
    let clock = Date.UTC(2024, 0, 1);
    const index = freshIndex(() => clock);
    await index.check({ id: 'old', ...story });
    clock += 29 * DAY_MS;
    expect((await index.check({ id: 'within', ...story })).duplicateOf).toBe('old');
    clock += 2 * DAY_MS;
    // 'old' itself is out of reach now, but its cluster lives on through 'within'.
    expect(await index.check({ id: 'after', ...story })).toMatchObject({
      duplicateOf: 'old',
      cluster: 'old',
    });
    clock += 31 * DAY_MS;
    expect((await index.check({ id: 'much-later', ...story })).duplicateOf).toBeNull();
  });

  it('treats one canonical URL as one article, whatever the text became', async () => {
    const index = freshIndex();
    await index.check({ id: 'web', url: 'https://www.example.com/world/story-1?utm_source=rss', ...story });
    const amp = await index.check({
      id: 'amp',
      url: 'https://amp.example.com/world/story-1/amp',
      title: story.title,
      text: syntheticArticle(99).text,
    });
    expect(amp.duplicateOf).toBe('web');
  });
});

describe('an index written by an earlier format version', () => {
  /** Every stored record as an earlier version wrote it: same header, a fingerprint this version cannot read. */
  function earlierFormatStore(): DedupeStore {
    const store = createMemoryDedupeStore();
    const downgrade = (record: Uint8Array) => {
      const copy = Buffer.from(record);
      copy[copy.indexOf(0x0a) + 1] = 2;
      return copy;
    };
    return {
      async commit(entry, evaluated) {
        const result = await store.commit(entry, evaluated);
        if (result.status !== 'candidates') return result;
        return {
          status: 'candidates',
          candidates: result.candidates.map(({ ref, record }) => ({
            ref,
            record: record && downgrade(record),
          })),
        };
      },
    };
  }

  it('still matches its entries by canonical URL, never by a fingerprint it cannot read', async () => {
    const index = createDedupeIndex({ store: earlierFormatStore() });
    const story = syntheticArticle(31);
    await index.check({ id: 'web', url: 'https://example.com/world/story-31', ...story });
    const sameUrl = await index.check({
      id: 'again',
      url: 'https://example.com/world/story-31?utm_source=rss',
      ...story,
    });
    expect(sameUrl).toMatchObject({ duplicateOf: 'web', cluster: 'web' });
    const elsewhere = await index.check({ id: 'copy', url: 'https://other.example/story', ...story });
    expect(elsewhere.duplicateOf).toBeNull();
  });
});

describe('runDedupeBatch', () => {
  it('prints one verdict line per document, in order', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const story2 = syntheticArticle(5);
    const lines = [
      { id: 'x1', ...story2 },
      { id: 'x2', title: 'Other', text: syntheticArticle(6).text },
      { id: 'x3', title: story2.title, text: wrapSyndicated(story2.text, 'Example Gazette') },
    ];
    input.end(`${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    await runDedupeBatch(input, output);
    const results = Buffer.concat(chunks)
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.slice(0, 3).map(({ id, duplicateOf, cluster }) => ({ id, duplicateOf, cluster }))).toEqual(
      [
        { id: 'x1', duplicateOf: null, cluster: 'x1' },
        { id: 'x2', duplicateOf: null, cluster: 'x2' },
        { id: 'x3', duplicateOf: 'x1', cluster: 'x1' },
      ],
    );
    expect(results[3]).toMatchObject({
      id: null,
      error: expect.stringMatching(/^batch: input line is not JSON/),
    });
  });
});
