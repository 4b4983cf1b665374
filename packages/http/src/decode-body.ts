// Owns turning HTML bytes into text: the charset comes from the BOM, then the Content-Type header, then
// <meta charset>/http-equiv (or an XML declaration) near the start, then a detector; iconv-lite decodes.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parseContentType } from './content-type';

export type CharsetSource = 'bom' | 'header' | 'meta' | 'utf8-validity' | 'detector' | 'default';

export interface SniffedCharset {
  charset: string;
  source: CharsetSource;
}

/** How far into the document a <meta> charset is looked for (browsers use 1024; real pages put it later). */
const META_SCAN_BYTES = 4096;
const DETECTOR_SAMPLE_BYTES = 64 * 1024;

/** Decodes an HTML body to a string; `contentType` is the response's Content-Type header, if any. */
export function decodeBody(body: Uint8Array, contentType: string | null, kind: 'html'): string {
  const { charset } = sniffCharset(body, contentType, kind);
  return decodeWith(body, charset);
}

/**
 * Chooses the charset of an HTML body. Declared charsets are trusted in the order BOM, header, meta, with
 * two checks on UTF-8, whose validity is a strong signal: a declared UTF-8 that the bytes clearly are not is
 * skipped, and bytes that are valid UTF-8 with non-ASCII text are read as UTF-8 whatever was declared.
 */
export function sniffCharset(body: Uint8Array, contentType: string | null, _kind: 'html'): SniffedCharset {
  const bom = charsetFromBom(body);
  if (bom) return { charset: bom, source: 'bom' };

  const utf8 = utf8Verdict(body);
  const declared: SniffedCharset[] = [];
  const headerCharset = normalizeCharset(parseContentType(contentType)?.charset ?? null, false);
  if (headerCharset) declared.push({ charset: headerCharset, source: 'header' });
  const metaCharset = normalizeCharset(charsetFromMarkup(body), true);
  if (metaCharset) declared.push({ charset: metaCharset, source: 'meta' });

  for (const candidate of declared) {
    if (candidate.charset === 'utf-8') {
      if (utf8 !== 'invalid') return candidate;
      continue;
    }
    if (utf8 === 'valid' && !candidate.charset.startsWith('utf-')) {
      return { charset: 'utf-8', source: 'utf8-validity' };
    }
    return candidate;
  }
  if (utf8 !== 'invalid') return { charset: 'utf-8', source: 'utf8-validity' };
  const detected = normalizeCharset(chardet.detect(body.subarray(0, DETECTOR_SAMPLE_BYTES)), false);
  if (detected && detected !== 'utf-8') return { charset: detected, source: 'detector' };
  return { charset: 'windows-1252', source: 'default' };
}

function charsetFromBom(body: Uint8Array): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return null;
}

/**
 * 'valid': decodes as UTF-8 and has non-ASCII text; 'ascii': nothing to decide; 'mostly': a few stray bytes
 * in real UTF-8 text (a cut or a bad paste); 'invalid': not UTF-8.
 */
function utf8Verdict(body: Uint8Array): 'valid' | 'ascii' | 'mostly' | 'invalid' {
  // stream: true ignores a multi-byte sequence cut at the end (e.g. by the byte cap).
  const text = new TextDecoder('utf-8').decode(body, { stream: true });
  let nonAscii = 0;
  let replaced = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replaced++;
    else if (code > 0x7f) nonAscii++;
  }
  if (replaced === 0) return nonAscii === 0 ? 'ascii' : 'valid';
  return nonAscii >= replaced * 10 ? 'mostly' : 'invalid';
}

/** Finds a charset declared by <meta charset>, <meta http-equiv=content-type> or an XML declaration. */
function charsetFromMarkup(body: Uint8Array): string | null {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, META_SCAN_BYTES))
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '');
  for (const [tag] of head.matchAll(/<meta\b[^>]*>/gi)) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:()-]+)/i.exec(tag);
    if (direct?.[1]) return direct[1];
  }
  const xmlDeclaration = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:()-]+)["']/i.exec(head);
  return xmlDeclaration?.[1] ?? null;
}

// Labels that browsers (WHATWG Encoding) read differently from their literal name: Latin-1 and ASCII
// pages are decoded as windows-1252, whose extra characters such pages routinely contain.
const CHARSET_ALIASES: Record<string, string> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  'x-user-defined': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso8859-9': 'windows-1254',
  latin5: 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'ks_c_5601-1987': 'cp949',
  'euc-kr': 'cp949',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** Maps a declared label to one the decoder knows, or null. A <meta> cannot declare UTF-16 (its bytes would not be ASCII). */
function normalizeCharset(label: string | null, fromMarkup: boolean): string | null {
  if (!label) return null;
  const lower = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (fromMarkup && lower.startsWith('utf-16')) return 'utf-8';
  const mapped = CHARSET_ALIASES[lower] ?? lower;
  if (mapped === 'utf-8') return mapped;
  return iconv.encodingExists(mapped) || textDecoderSupports(mapped) ? mapped : null;
}

function textDecoderSupports(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function decodeWith(body: Uint8Array, charset: string): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (iconv.encodingExists(charset)) return iconv.decode(bytes, charset);
  // iconv-lite lacks a few web encodings (e.g. ISO-2022-JP) that Node's ICU-backed TextDecoder has.
  return new TextDecoder(charset).decode(bytes);
}
