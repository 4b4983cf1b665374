// Owns turning feed bytes into text: charset from the byte-order mark, the HTTP Content-Type,
// then the XML declaration (RFC 7303 order of trust), with byte-layout sniffing and detection as fallbacks.
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedBody {
  text: string;
  /** The charset the text was decoded with, lower case (e.g. `utf-8`, `windows-1251`). */
  encoding: string;
  warnings: string[];
}

type ByteLayout = 'utf-32be' | 'utf-32le' | 'utf-16be' | 'utf-16le' | 'ascii-compatible';

const BOMS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  // UTF-32LE first: its BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

const UNICODE_FAMILIES = /^(utf-?(8|16|32)(be|le)?|ucs-?[24]|unicode(-1-1)?|iso-10646-ucs-[24])$/;

/** Decodes a feed body; never throws on odd bytes (undecodable sequences become U+FFFD, with a warning). */
export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): DecodedBody {
  const warnings: string[] = [];
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.bytes.length), bom.encoding);
    if (bom.encoding === 'utf-8' && !isValidUtf8(bytes.subarray(3))) {
      warnings.push('feeds: bytes invalid in utf-8 despite its byte-order mark');
    }
    return { text, encoding: bom.encoding, warnings };
  }

  const layout = sniffLayout(bytes);
  const headerCharset = charsetFromContentType(contentType);
  if (headerCharset) {
    const encoding = resolveLabel(headerCharset, layout);
    if (encoding && fitsLayout(encoding, layout)) return finish(bytes, encoding, warnings);
    warnings.push(`feeds: ignored Content-Type charset "${headerCharset}"`);
  }

  const declared = declaredEncoding(bytes, layout);
  if (declared) {
    const encoding = resolveLabel(declared, layout);
    if (encoding && fitsLayout(encoding, layout)) return finish(bytes, encoding, warnings);
    warnings.push(`feeds: unknown or contradictory encoding "${declared}" in the XML declaration`);
  }

  if (layout !== 'ascii-compatible') return finish(bytes, layout, warnings);
  return finish(bytes, 'utf-8', warnings);
}

/**
 * Decodes with a known-good label. A declared legacy charset over bytes that are valid, non-ASCII UTF-8 is
 * a mislabel (legacy text is practically never valid UTF-8 by chance).
 */
function finish(bytes: Uint8Array, encoding: string, warnings: string[]): DecodedBody {
  if (encoding !== 'utf-8' && !/^utf-(16|32)/.test(encoding) && hasNonAscii(bytes) && isValidUtf8(bytes)) {
    warnings.push(`feeds: declared charset ${encoding} contradicts the bytes, which are utf-8`);
    return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', warnings };
  }
  if (encoding === 'utf-8' && !isValidUtf8(bytes)) return decodeBrokenUtf8(bytes, warnings);
  return { text: decodeWith(bytes, encoding), encoding, warnings };
}

/**
 * UTF-8 (declared or assumed) that does not validate: mostly-UTF-8 text with a few stray bytes keeps its
 * UTF-8 reading (strays become U+FFFD); otherwise it is legacy text and its charset is detected.
 */
function decodeBrokenUtf8(bytes: Uint8Array, warnings: string[]): DecodedBody {
  const lossy = decodeWith(bytes, 'utf-8');
  const replaced = lossy.match(/\ufffd/g)?.length ?? 0;
  const decodedNonAscii = lossy.match(/[^\p{ASCII}\ufffd]/gu)?.length ?? 0;
  if (decodedNonAscii > replaced) {
    warnings.push(`feeds: ${replaced} byte sequences invalid in utf-8 replaced with U+FFFD`);
    return { text: lossy, encoding: 'utf-8', warnings };
  }
  const detected = detectLegacyCharset(bytes);
  warnings.push(`feeds: bytes are not utf-8, decoded as detected ${detected}`);
  return { text: decodeWith(bytes, detected), encoding: detected, warnings };
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') return stripBomChar(new TextDecoder('utf-8').decode(bytes));
  return stripBomChar(iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding));
}

function stripBomChar(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
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

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

/** The encoding named in the XML declaration, read in the sniffed byte layout. */
function declaredEncoding(bytes: Uint8Array, layout: ByteLayout): string | null {
  const head = layout === 'ascii-compatible' ? bytes.subarray(0, 1024) : bytes.subarray(0, 4096);
  const text =
    layout === 'ascii-compatible'
      ? Buffer.from(head).toString('latin1')
      : iconv.decode(Buffer.from(head), layout);
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(text);
  return match?.[1]?.toLowerCase() ?? null;
}

/** Maps a charset label to one iconv-lite knows; Unicode labels are pinned to the sniffed layout. */
function resolveLabel(label: string, layout: ByteLayout): string | null {
  const normalised = label.toLowerCase().replace(/_/g, '-');
  if (UNICODE_FAMILIES.test(normalised)) {
    if (/^utf-?8$/.test(normalised)) return 'utf-8';
    if (layout !== 'ascii-compatible') return layout;
    if (/16|ucs-?2|unicode/.test(normalised)) return normalised.endsWith('be') ? 'utf-16be' : 'utf-16le';
    return normalised.endsWith('le') ? 'utf-32le' : 'utf-32be';
  }
  // Servers label windows-1252 text "iso-8859-1" and "us-ascii"; decoding as 1252 is the web's reading.
  if (/^(iso-?8859-1|latin-?1|l1|us-ascii|ascii|ansi-x3\.4-1968)$/.test(normalised)) return 'windows-1252';
  // Unregistered "x-" labels usually name a registered charset once the prefix (and dashes) go.
  const unprefixed = normalised.replace(/^x-/, '');
  const candidates = [normalised, unprefixed, unprefixed.replace(/-/g, '')];
  return candidates.find((candidate) => iconv.encodingExists(candidate)) ?? null;
}

/** A declared single-byte charset cannot describe UTF-16/32 bytes, and the reverse. */
function fitsLayout(encoding: string, layout: ByteLayout): boolean {
  const wide = /^utf-(16|32)/.test(encoding);
  return layout === 'ascii-compatible' ? !wide : wide;
}

function detectLegacyCharset(bytes: Uint8Array): string {
  const detected = chardet.detect(bytes.subarray(0, 64 * 1024))?.toLowerCase() ?? null;
  if (!detected || detected === 'utf-8' || /^(utf-(16|32)|iso-8859-1$)/.test(detected)) return 'windows-1252';
  return iconv.encodingExists(detected) ? detected : 'windows-1252';
}
