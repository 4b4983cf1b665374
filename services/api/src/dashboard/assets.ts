// Owns the dashboard's static files: its own script and stylesheet, and uPlot (MIT, vendored from the
// npm package `uplot`, licence beside it), read once at startup and served with an ETag so browsers
// revalidate them cheaply.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(url: URL, type: string): Asset {
  const body = readFileSync(url);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

export const DASHBOARD_ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['dashboard.js', asset(new URL('./static/dashboard.js', import.meta.url), JS)],
  ['dashboard.css', asset(new URL('./static/dashboard.css', import.meta.url), CSS)],
  ['uPlot.iife.min.js', asset(new URL('./static/vendor/uPlot.iife.min.js', import.meta.url), JS)],
  ['uPlot.min.css', asset(new URL('./static/vendor/uPlot.min.css', import.meta.url), CSS)],
  [
    'uPlot.LICENSE',
    asset(new URL('./static/vendor/uPlot.LICENSE', import.meta.url), 'text/plain; charset=utf-8'),
  ],
]);
