import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createExtractPool } from './extract-pool';

const ARTICLE = `<!doctype html><html><head><title>Pool test</title></head><body><article>${'<p>Worker threads extract this paragraph of a perfectly ordinary article body without trouble.</p>'.repeat(6)}</article></body></html>`;

/** About 2 MB of nested elements: building its DOM takes far longer than the budget below. */
function deeplyNestedPage(): string {
  const depth = 190_000;
  return `<!doctype html><html><body>${'<div>'.repeat(depth)}text${'</div>'.repeat(depth)}</body></html>`;
}

describe('createExtractPool', () => {
  const pool = createExtractPool({ threads: 2, timeBudgetMs: 1500 });
  afterAll(() => pool.close());

  it('extracts pages on worker threads', async () => {
    const results = await Promise.all([1, 2, 3].map(() => pool.extract(ARTICLE, 'https://pool.example/a')));
    for (const result of results) expect(result.text).toContain('Worker threads extract');
  });

  it('rejects a 2 MB deeply nested page within its time budget, then keeps working', async () => {
    const html = deeplyNestedPage();
    expect(html.length).toBeGreaterThan(2_000_000);
    const started = performance.now();
    await expect(pool.extract(html, 'https://pool.example/deep')).rejects.toMatchObject({
      name: 'ExtractError',
      code: 'extract_timeout',
      retryable: false,
    });
    // Budget, grace and thread teardown; the page alone would take tens of seconds.
    expect(performance.now() - started).toBeLessThan(5000);
    const after = await Promise.all([1, 2].map(() => pool.extract(ARTICLE, 'https://pool.example/b')));
    for (const result of after) expect(result.method).toBe('readability');
  }, 30_000);

  it('passes extraction errors through as permanent ExtractErrors', async () => {
    await expect(pool.extract('', 'https://pool.example/empty')).rejects.toMatchObject({
      name: 'ExtractError',
      code: 'extract_empty',
      message: expect.stringMatching(/^extract: /),
    });
  });
});
