// Owns the canonical form of an article URL: the same article behind tracking
// parameters, AMP or mobile hosts, fragments, default ports or a declared
// <link rel=canonical> maps to one string. Syntax normalisation is normalize-url's;
// the news-specific rules (trackers, AMP, canonical sanity) are here.
import normalizeUrl from 'normalize-url';
import { resolveHttpUrl } from './resolve-url';

/** Query parameters that identify a click, campaign or share, never the article. */
const TRACKING_PARAMETERS: readonly RegExp[] = [
  /^utm_/i,
  /^(?:fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id|igshid|igsh)$/i,
  /^(?:mc_cid|mc_eid|mkt_tok|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|vero_id|vero_conv)$/i,
  /^(?:_ga|_gl|_ke|ref_src|ref_url|referrer|cmpid|ocid|ncid|icid|smid|s_cid|s_kwcid|wt\.mc_id|wt_mc|xtor)$/i,
  /^(?:at_medium|at_campaign|at_custom\d*|sr_share|soc_src|soc_trk|taid|guccounter|guce_referrer(?:_sig)?)$/i,
  /^(?:oly_enc_id|oly_anon_id|rb_clickid|spm|share|shared|mbid|cmp|ito|__twitter_impression)$/i,
  // AMP switches: the article is the same, only the rendering differs.
  /^(?:amp|outputtype|amp_js_v|usqp)$/i,
];

/** Host labels that only select a rendering (AMP, mobile) of the same site. */
const RENDERING_HOST_LABEL = /^(?:amp|m|mobile|mobil)\.(?=[^.]+\.[^.]+)/i;

function stripAmpPath(pathname: string): string {
  return pathname
    .replace(/\.amp\.html?$/i, '.html')
    .replace(/\/amp\/?$/i, '')
    .replace(/^\/amp(?=\/.)/i, '');
}

/** Google's AMP cache/viewer wraps the publisher URL in its own: unwrap it. */
function unwrapAmpCache(url: URL): URL {
  const wrapped = /^\/(?:c|v)\/(s\/)?(.+)$/.exec(url.pathname);
  const isCache = url.hostname.endsWith('.cdn.ampproject.org');
  const isViewer = /^(?:www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname.startsWith('/amp/');
  if (isCache && wrapped) return new URL(`${wrapped[1] ? 'https' : 'http'}://${wrapped[2]}${url.search}`);
  if (isViewer) {
    const inner = /^\/amp\/(s\/)?(.+)$/.exec(url.pathname);
    if (inner) return new URL(`${inner[1] ? 'https' : 'http'}://${inner[2]}${url.search}`);
  }
  return url;
}

function siteOf(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(RENDERING_HOST_LABEL, '');
}

/** Same site: one host equals the other or is a subdomain of it, ignoring www/AMP/mobile labels. */
function sameSite(a: URL, b: URL): boolean {
  const siteA = siteOf(a.hostname);
  const siteB = siteOf(b.hostname);
  return siteA === siteB || siteA.endsWith(`.${siteB}`) || siteB.endsWith(`.${siteA}`);
}

/**
 * A declared canonical is trusted only when it stays on the page's site, is http(s), carries no credentials,
 * and does not collapse an article onto the site's front page (a common CMS template mistake).
 */
function acceptableCanonical(page: URL, declared: string | null | undefined): URL | null {
  const resolved = resolveHttpUrl(declared, page.href);
  if (resolved === null) return null;
  const canonical = new URL(resolved);
  if (canonical.username || canonical.password) return null;
  if (!sameSite(page, canonical)) return null;
  const isFrontPage = canonical.pathname === '/' || canonical.pathname === '';
  if (isFrontPage && page.pathname !== '/' && page.pathname !== '') return null;
  return canonical;
}

export interface CanonicalizeUrlOptions {
  /** The page's <link rel=canonical> (or og:url), absolute or relative to `url`. */
  declaredCanonical?: string | null;
}

/** Throws TypeError for a string that is not an absolute http(s) URL. */
export function canonicalizeUrl(url: string, options: CanonicalizeUrlOptions = {}): string {
  let page = new URL(url.trim());
  if (page.protocol !== 'http:' && page.protocol !== 'https:') {
    throw new TypeError(`web-text: not an http(s) URL: ${url}`);
  }
  page = unwrapAmpCache(page);
  const chosen = acceptableCanonical(page, options.declaredCanonical) ?? page;
  chosen.hostname = chosen.hostname.replace(RENDERING_HOST_LABEL, '');
  chosen.pathname = stripAmpPath(chosen.pathname);
  return normalizeUrl(chosen.href, {
    stripHash: true,
    stripTextFragment: true,
    stripWWW: true,
    stripAuthentication: true,
    removeQueryParameters: [...TRACKING_PARAMETERS],
    sortQueryParameters: true,
    removeTrailingSlash: true,
    removeExplicitPort: false,
    removeDirectoryIndex: false,
  });
}
