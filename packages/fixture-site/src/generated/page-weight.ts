// Owns page weight: the distribution of real news page sizes the generated site reproduces, the
// template each site's weight calls for, and the filler (more-stories markup and an inline state
// script, as news pages carry) that brings a page to its planned size.
import { escapeXml as esc } from '@newsq/web-text';
import { jsonForScript } from '../escape';
import type { PageTemplate } from './page-templates/render-template-page';

/** Bytes of each of the 45 pages of the extraction corpus's dev split (MIT, see page-templates/LICENSE). */
export const CORPUS_PAGE_BYTES: readonly number[] = [
  31103, 32626, 41043, 45836, 46775, 58137, 61224, 67814, 74536, 75525, 76870, 77777, 77841, 79901, 81477,
  88917, 89135, 90754, 99363, 104718, 107810, 109041, 117620, 122435, 123325, 140904, 142298, 144811, 155201,
  159800, 162420, 174015, 178931, 204993, 217664, 231355, 232198, 251832, 289207, 402869, 428143, 434815,
  593211, 654680, 1491389,
];

/** Linear interpolation between order statistics of an ascending list (q in [0, 1]). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The typical page weight of site `index` of `count`: sites spread evenly over the corpus distribution. */
export function siteWeight(index: number, count: number): number {
  return Math.round(quantile(CORPUS_PAGE_BYTES, (index + 0.5) / count));
}

/** The template whose own weight is nearest (on a log scale) to four fifths of the site's page weight. */
export function templateForWeight(templates: readonly PageTemplate[], weight: number): PageTemplate {
  const wanted = Math.log(0.8 * weight);
  let best = templates[0];
  if (!best) throw new Error('fixture-site: no page templates');
  for (const template of templates) {
    if (Math.abs(Math.log(template.baseBytes) - wanted) < Math.abs(Math.log(best.baseBytes) - wanted)) {
      best = template;
    }
  }
  return best;
}

export interface Teaser {
  title: string;
  summary: string;
  url: string;
  section: string;
}

// Sized so that pages cost what the corpus's real pages cost once scripts are dropped: about the same
// markup left after compaction (34 KB against 38 KB) and elements (414 against 413 per page).
const MARKUP_TEASERS = 60;
const MARKUP_SHARE = 0.8;
// Only the first teasers carry a summary: a list with more prose than the story would be a page whose
// main content is the list, which news pages are not.
const SUMMARISED_TEASERS = 8;

/**
 * About `bytes` of filler: a more-stories block with up to 60 teasers, the rest as an inline JSON state
 * script listing the same stories (client-rendered sites ship their page state this way).
 */
export function renderFiller(bytes: number, teasers: readonly Teaser[]): string {
  if (bytes <= 0 || teasers.length === 0) return '';
  const items: string[] = [];
  let size = 0;
  for (let i = 0; i < MARKUP_TEASERS && size < bytes * MARKUP_SHARE; i++) {
    const teaser = teasers[i % teasers.length]!;
    const summary = i < SUMMARISED_TEASERS ? `<p>${esc(teaser.summary)}</p>` : '';
    const item = `<li class="teaser"><a href="${esc(teaser.url)}"><img src="${esc(teaser.url)}/thumb.jpg" alt="" width="320" height="180" loading="lazy"><h3>${esc(teaser.title)}</h3></a>${summary}<span class="section">${esc(teaser.section)}</span></li>`;
    items.push(item);
    size += item.length;
  }
  const markup = `<section class="more-stories" aria-label="More stories"><h2>More stories</h2><ul>${items.join('')}</ul></section>`;
  const state: object[] = [];
  let stateSize = markup.length;
  for (let i = 0; stateSize < bytes; i++) {
    const teaser = teasers[i % teasers.length]!;
    const entry = {
      id: `story-${i}`,
      headline: teaser.title,
      dek: teaser.summary,
      url: teaser.url,
      section: teaser.section,
      image: { src: `${teaser.url}/thumb.jpg`, width: 320, height: 180 },
      tracking: { slot: i, list: 'recirculation', variant: i % 3 },
    };
    state.push(entry);
    stateSize += JSON.stringify(entry).length + 1;
  }
  return `${markup}\n<script>window.__PAGE_STATE__ = ${jsonForScript({ recirculation: state })};</script>`;
}
