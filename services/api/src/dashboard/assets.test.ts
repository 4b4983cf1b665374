// The vendored chart library is exactly the npm package's built file (the version pinned in the
// catalog), with its licence, and every dashboard file is served with its type and an ETag.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_ASSETS } from './assets';

const uplotDir = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));

describe('dashboard assets', () => {
  it('vendors uPlot byte for byte from its npm package, with its licence', () => {
    for (const [served, packaged] of [
      ['uPlot.iife.min.js', 'dist/uPlot.iife.min.js'],
      ['uPlot.min.css', 'dist/uPlot.min.css'],
      ['uPlot.LICENSE', 'LICENSE'],
    ] as const) {
      expect(DASHBOARD_ASSETS.get(served)!.body.equals(readFileSync(join(uplotDir, packaged))), served).toBe(
        true,
      );
    }
    expect(DASHBOARD_ASSETS.get('uPlot.LICENSE')!.body.toString()).toContain('The MIT License');
  });

  it('gives every file a content type and a content-derived ETag', () => {
    expect([...DASHBOARD_ASSETS.keys()].sort()).toEqual([
      'dashboard.css',
      'dashboard.js',
      'uPlot.LICENSE',
      'uPlot.iife.min.js',
      'uPlot.min.css',
    ]);
    for (const [name, asset] of DASHBOARD_ASSETS) {
      expect(asset.type, name).toMatch(/^text\/(javascript|css|plain); charset=utf-8$/);
      expect(asset.etag, name).toMatch(/^"[\w-]{16}"$/);
    }
  });
});
