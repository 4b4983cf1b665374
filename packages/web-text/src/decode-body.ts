// Owns turning the bytes of an HTML page or an XML feed into text. The charset comes from the byte-order
// mark, then the Content-Type header, then the document's own declaration (<meta charset> or http-equiv in
// HTML, the XML declaration in both), then the byte layout and a detector; iconv-lite decodes. Never throws:
// undecodable sequences become U+FFFD and every doubtful choice leaves a warning.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parseContentType } from './content-type';

export type MarkupKind = 'html' | 'xml';

export type CharsetSource =
  | 'bom'
  | 'header'
  | 'meta'
  | 'xml-declaration'
  | 'byte-layout'
  | 'utf8-validity'
  | 'detector'
  | 'default';

export interface DecodedBody {
  text: string;
  /** The charset the text was decoded with, lower case (e.g. `utf-8`, `windows-1251`). */
  charset: string;
  source: CharsetSource;
  warnings: string[];
}

type ByteLayout = 'utf-32be' | 'utf-32le' | 'utf-16be' | 'utf-16le' | 'ascii-compatible';

/**
 * 'valid': UTF-8 with non-ASCII text; 'ascii': nothing to decide; 'mostly': a few stray bytes in real UTF-8
 * text (a cut or a bad paste); 'invalid': not UTF-8.
 */
type Utf8Verdict = 'valid' | 'ascii' | 'mostly' | 'invalid';

const BOMS: ReadonlyArray<{ bytes: number[]; charset: string }> = [
  // UTF-32LE first: its BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

/** How far into the document a declaration is looked for (browsers use 1024; real pages put it later). */
const DECLARATION_SCAN_BYTES = 4096;
const DETECTOR_SAMPLE_BYTES = 64 * 1024;

const UNICODE_FAMILIES = /^(utf-?(8|16|32)(be|le)?|ucs-?[24]|unicode(-1-1)?|iso-10646-ucs-[24])$/;

// Labels that browsers (WHATWG Encoding) read differently from their literal name: Latin-1 and ASCII
// text is decoded as windows-1252, whose extra characters such documents routinely contain, and a few
// legacy charsets as the supersets servers actually mean. Keys are lower case with '_' written '-'.
const CHARSET_ALIASES: Readonly<Record<string, string>> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi-x3.4-1968': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
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
  'ks-c-5601-1987': 'cp949',
  'euc-kr': 'cp949',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

const DECLARED_IN: Record<'header' | 'meta' | 'xml-declaration', string> = {
  header: 'Content-Type header',
  meta: '<meta> tag',
  'xml-declaration': 'XML declaration',
};

/**
 * Decodes a document; `contentType` is the response's Content-Type header, if any. Declared charsets are
 * trusted in the order BOM, header, document, with two checks on UTF-8, whose validity is a strong signal:
 * a declared UTF-8 that the bytes clearly are not is passed over, and bytes that are valid UTF-8 with
 * non-ASCII text are read as UTF-8 whatever legacy charset was declared.
 */
export function decodeBody(
  bytes: Uint8Array,
  contentType: string | null | undefined,
  kind: MarkupKind,
): DecodedBody {
  const warnings: string[] = [];
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  if (bom) {
    const body = bytes.subarray(bom.bytes.length);
    if (bom.charset === 'utf-8' && !['valid', 'ascii'].includes(readUtf8(body).verdict)) {
      warnings.push('web-text: bytes invalid in utf-8 despite its byte-order mark');
    }
    return { text: decodeWith(body, bom.charset), charset: bom.charset, source: 'bom', warnings };
  }

  const layout = sniffLayout(bytes);
  const utf8 = readUtf8(bytes);
  const decoded = (charset: string, source: CharsetSource): DecodedBody => {
    if (charset === 'utf-8' && utf8.verdict === 'mostly') {
      warnings.push(`web-text: ${utf8.replaced} byte sequences invalid in utf-8 replaced with U+FFFD`);
    }
    // Valid UTF-8 was decoded once already to check it: the same text, not a second pass.
    const text = charset === 'utf-8' && utf8.text !== null ? utf8.text : decodeWith(bytes, charset);
    return { text, charset, source, warnings };
  };

  const head = documentHead(bytes, layout);
  const declarations = [
    { label: parseContentType(contentType)?.charset ?? null, source: 'header' as const },
    ...(kind === 'html' ? [{ label: charsetFromMeta(head), source: 'meta' as const }] : []),
    { label: charsetFromXmlDeclaration(head), source: 'xml-declaration' as const },
  ];
  for (const { label, source } of declarations) {
    if (label === null) continue;
    const charset = resolveLabel(label, layout);
    if (charset === null) {
      warnings.push(`web-text: unknown or contradictory encoding "${label}" in the ${DECLARED_IN[source]}`);
      continue;
    }
    if (charset === 'utf-8') {
      if (utf8.verdict !== 'invalid') return decoded(charset, source);
      warnings.push(`web-text: the ${DECLARED_IN[source]} declares utf-8 but the bytes are not utf-8`);
      continue;
    }
    if (utf8.verdict === 'valid' && !charset.startsWith('utf-')) {
      warnings.push(`web-text: declared charset ${charset} contradicts the bytes, which are utf-8`);
      return decoded('utf-8', 'utf8-validity');
    }
    return decoded(charset, source);
  }

  if (layout !== 'ascii-compatible') return decoded(layout, 'byte-layout');
  if (utf8.verdict !== 'invalid') return decoded('utf-8', 'utf8-validity');
  const detected = detectLegacyCharset(bytes);
  if (detected === null) {
    warnings.push('web-text: bytes are not utf-8 and no charset was detected, decoded as windows-1252');
    return decoded('windows-1252', 'default');
  }
  warnings.push(`web-text: bytes are not utf-8, decoded as detected ${detected}`);
  return decoded(detected, 'detector');
}

/** The bytes read as UTF-8: how valid they are, and the text when they are valid. */
function readUtf8(bytes: Uint8Array): { verdict: Utf8Verdict; replaced: number; text: string | null } {
  try {
    // stream: true leaves out a multi-byte sequence cut at the end (e.g. by a byte cap): a cut is no error.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    // Only ASCII decodes to one character per byte (and a cut sequence left out only shortens the text).
    const ascii = text.length === bytes.length;
    return { verdict: ascii ? 'ascii' : 'valid', replaced: 0, text };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes, { stream: true });
    const replaced = lossy.match(/\ufffd/g)?.length ?? 0;
    const decodedNonAscii = lossy.match(/[^\p{ASCII}\ufffd]/gu)?.length ?? 0;
    return { verdict: decodedNonAscii > replaced ? 'mostly' : 'invalid', replaced, text: null };
  }
}

/** The byte layout of a BOM-less document, from where the zero bytes of its leading ASCII markup fall. */
function sniffLayout(bytes: Uint8Array): ByteLayout {
  const sample = bytes.subarray(0, Math.min(bytes.length, 512) & ~3);
  if (sample.length < 4) return 'ascii-compatible';
  const zerosAt = [0, 0, 0, 0];
  for (let index = 0; index < sample.length; index++) {
    if (sample[index] === 0) zerosAt[index % 4] = (zerosAt[index % 4] ?? 0) + 1;
  }
  const quarter = sample.length / 4;
  const [z0 = 0, z1 = 0, z2 = 0, z3 = 0] = zerosAt.map((count) => count / quarter);
  // Markup is mostly ASCII: the plane byte of UTF-32 and the high byte of UTF-16 are nearly always zero.
  if (z0 > 0.9 && z1 > 0.9 && z3 < 0.2) return 'utf-32be';
  if (z3 > 0.9 && z2 > 0.9 && z0 < 0.2) return 'utf-32le';
  if ((z0 + z2) / 2 > 0.5 && (z1 + z3) / 2 < 0.1) return 'utf-16be';
  if ((z1 + z3) / 2 > 0.5 && (z0 + z2) / 2 < 0.1) return 'utf-16le';
  return 'ascii-compatible';
}

/** The start of the document, read in its byte layout, without comments (a commented-out <meta> is no declaration). */
function documentHead(bytes: Uint8Array, layout: ByteLayout): string {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, DECLARATION_SCAN_BYTES),
  );
  const text = layout === 'ascii-compatible' ? head.toString('latin1') : iconv.decode(head, layout);
  return text.replace(/<!--[\s\S]*?-->/g, '');
}

/** The charset of the first <meta charset> or <meta http-equiv=content-type> that names one. */
function charsetFromMeta(head: string): string | null {
  for (const [tag] of head.matchAll(/<meta\b[^>]*>/gi)) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:()-]+)/i.exec(tag);
    if (charset?.[1]) return charset[1];
  }
  return null;
}

function charsetFromXmlDeclaration(head: string): string | null {
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']\s*([\w.:()-]+)\s*["']/i.exec(head)?.[1] ?? null;
}

/**
 * Maps a charset label to one the decoders know, or null. Unicode labels are pinned to the byte layout: a
 * declaration readable as ASCII cannot mean UTF-16, so on ASCII-compatible bytes any of them means UTF-8;
 * a legacy label cannot describe UTF-16/32 bytes.
 */
function resolveLabel(label: string, layout: ByteLayout): string | null {
  const lower = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const dashed = lower.replace(/_/g, '-');
  const mapped = CHARSET_ALIASES[dashed] ?? dashed;
  if (UNICODE_FAMILIES.test(mapped)) return layout === 'ascii-compatible' ? 'utf-8' : layout;
  if (layout !== 'ascii-compatible') return null;
  // Unregistered "x-" labels usually name a registered charset once the prefix (and dashes) go.
  const unprefixed = mapped.replace(/^x-/, '');
  const known = [mapped, unprefixed, unprefixed.replace(/-/g, ''), lower].find((candidate) =>
    iconv.encodingExists(candidate),
  );
  if (known !== undefined) return known;
  return textDecoderSupports(lower) ? lower : null;
}

function textDecoderSupports(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** A legacy charset for bytes that are not UTF-8; the detector's Unicode guesses are wrong by then. */
function detectLegacyCharset(bytes: Uint8Array): string | null {
  const detected = chardet.detect(bytes.subarray(0, DETECTOR_SAMPLE_BYTES));
  const charset = detected === null ? null : resolveLabel(detected, 'ascii-compatible');
  return charset === 'utf-8' ? null : charset;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (iconv.encodingExists(charset)) return iconv.decode(buffer, charset);
  // iconv-lite lacks a few web encodings (e.g. ISO-2022-JP) that Node's ICU-backed TextDecoder has.
  return new TextDecoder(charset).decode(buffer);
}
