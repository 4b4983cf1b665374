// Owns the text helpers shared by the format readers: HTML to plain text for titles and the stable
// fallback guid.
import { createHash } from 'node:crypto';
import { decodeEntities } from '@newsq/web-text';

// Linear on hostile input: no lazy scan for a comment's end (a comment without inner < > still matches).
const TAG = /<[!/]?[A-Za-z-][^<>]*>/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters being removed.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** Collapses whitespace, drops control characters, trims. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Plain text of an HTML fragment: tags dropped, HTML entities (named ones too) decoded. */
export function htmlToText(html: string): string {
  return collapseWhitespace(decodeEntities(html.replace(TAG, ' ')));
}

/** A title from a format that does not say whether it holds HTML: decode only when it looks escaped. */
export function looseTitleText(text: string): string {
  return /<\/?[A-Za-z][^<>]*>/.test(text) || ENTITY.test(text) ? htmlToText(text) : collapseWhitespace(text);
}

/** A guid for items that carry neither id nor link: stable across polls as long as the item is unchanged. */
export function contentGuid(title: string, published: string | null, summary: string | null): string {
  const digest = createHash('sha256')
    .update(`${title}\n${published ?? ''}\n${summary ?? ''}`)
    .digest('hex');
  return `sha256:${digest.slice(0, 32)}`;
}
