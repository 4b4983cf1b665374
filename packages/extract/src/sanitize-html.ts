// Owns the allow-list sanitizer every extracted body goes through last (sanitize-html, on
// htmlparser2: no DOM needed, a few ms per article where DOMPurify on jsdom took 15). Only
// structural and text-level tags survive; links and images are made absolute, http(s) only.
import { resolveHttpUrl } from '@newsq/web-text';
import sanitize from 'sanitize-html';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'dd',
  'del',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
];

/** Relative URLs would resolve against the reader's host; anything but http(s) is dropped. */
function absolutize(attribute: 'href' | 'src' | 'cite', baseUrl: string): sanitize.Transformer {
  return (tagName, attribs) => {
    const value = attribs[attribute];
    if (value === undefined) return { tagName, attribs };
    const { [attribute]: _dropped, ...rest } = attribs;
    const absolute = resolveHttpUrl(value, baseUrl);
    return { tagName, attribs: absolute === null ? rest : { ...rest, [attribute]: absolute } };
  };
}

export function sanitizeHtml(html: string, baseUrl: string): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      blockquote: ['cite'],
      q: ['cite'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      time: ['datetime'],
    },
    allowedSchemes: ['http', 'https'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    // Contents of these are code or widgets, never article text.
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'iframe',
      'object',
      'embed',
      'template',
    ],
    transformTags: {
      a: absolutize('href', baseUrl),
      img: absolutize('src', baseUrl),
      blockquote: absolutize('cite', baseUrl),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
