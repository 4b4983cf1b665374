// Owns moving text in and out of markup with the `entities` library: decoding HTML character references
// (named ones too) and escaping text for an HTML text node, an HTML attribute value or XML.
import { decodeHTMLStrict, escapeAttribute, escapeText, escapeUTF8 } from 'entities';

/** Decodes HTML character references; only complete ones (with their ';'), so "AT&T" and "&copy2024" stay. */
export function decodeEntities(text: string): string {
  return decodeHTMLStrict(text);
}

/** Escapes text for an HTML text node: `& < >` and the no-break space, as the HTML serialiser does. */
export function escapeHtmlText(text: string): string {
  return escapeText(text);
}

/** Escapes text for a double-quoted HTML attribute value: `& "` and the no-break space. */
export function escapeHtmlAttribute(text: string): string {
  return escapeAttribute(text);
}

/** Escapes text for XML, valid in text and in either kind of quoted attribute: `& < > " '`. */
export function escapeXml(text: string): string {
  return escapeUTF8(text);
}
