import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './decode-body';

const russian =
  'Городской совет утвердил новый план развития транспорта. Жители смогут высказать своё мнение до конца месяца, ' +
  'а первые работы начнутся весной. Депутаты обсудили стоимость проекта и сроки строительства новых линий.';
const japanese = '市議会は新しい交通計画を承認しました。住民は月末まで意見を述べることができます。';

function page(charsetMeta: string, text: string): string {
  return `<!doctype html><html><head>${charsetMeta}<title>t</title></head><body><p>${text}</p></body></html>`;
}

interface Case {
  name: string;
  bytes: Buffer;
  contentType: string | null;
  text: string;
  source: string;
}

const cases: Case[] = [
  {
    name: 'UTF-8 declared in the header',
    bytes: Buffer.from(page('', russian)),
    contentType: 'text/html; charset=utf-8',
    text: russian,
    source: 'header',
  },
  {
    name: 'windows-1251 declared in the header',
    bytes: iconv.encode(page('', russian), 'windows-1251'),
    contentType: 'text/html; charset=windows-1251',
    text: russian,
    source: 'header',
  },
  {
    name: 'windows-1251 in <meta charset>, no header charset',
    bytes: iconv.encode(page('<meta charset="windows-1251">', russian), 'windows-1251'),
    contentType: 'text/html',
    text: russian,
    source: 'meta',
  },
  {
    name: 'Shift_JIS in <meta http-equiv>, no header',
    bytes: iconv.encode(
      page('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', japanese),
      'shift_jis',
    ),
    contentType: null,
    text: japanese,
    source: 'meta',
  },
  {
    name: 'a header wrongly claiming UTF-8 over windows-1251 bytes with a meta',
    bytes: iconv.encode(page('<meta charset="windows-1251">', russian), 'windows-1251'),
    contentType: 'text/html; charset=UTF-8',
    text: russian,
    source: 'meta',
  },
  {
    name: 'windows-1251 with no declaration at all (detector)',
    bytes: iconv.encode(page('', `${russian} ${russian}`), 'windows-1251'),
    contentType: 'text/html',
    text: `${russian} ${russian}`,
    source: 'detector',
  },
  {
    name: 'a header wrongly claiming Latin-1 over UTF-8 bytes',
    bytes: Buffer.from(page('', russian)),
    contentType: 'text/html; charset=ISO-8859-1',
    text: russian,
    source: 'utf8-validity',
  },
  {
    name: 'a UTF-16LE BOM over a header claiming windows-1252',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page('', japanese), 'utf-16le')]),
    contentType: 'text/html; charset=windows-1252',
    text: japanese,
    source: 'bom',
  },
  {
    name: 'a UTF-8 BOM with no declaration',
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('', russian))]),
    contentType: null,
    text: russian,
    source: 'bom',
  },
  {
    name: 'ISO-8859-1 read as windows-1252 (curly quotes), as browsers do',
    bytes: iconv.encode(page('', '\u201cQuoted\u201d caf\u00e9'), 'windows-1252'),
    contentType: 'text/html; charset=iso-8859-1',
    text: '\u201cQuoted\u201d caf\u00e9',
    source: 'header',
  },
  {
    name: 'a UTF-8 page cut inside a multi-byte character by the byte cap',
    // '<p>' and 20 two-byte letters, then the first byte of the 21st.
    bytes: Buffer.from(`<p>${russian}`).subarray(0, 3 + 2 * 20 + 1),
    contentType: 'text/html',
    text: russian.slice(0, 20),
    source: 'utf8-validity',
  },
  {
    name: 'UTF-8 that contains a literal U+FFFD under a header claiming Latin-1',
    bytes: Buffer.from(page('', `${russian} \ufffd`)),
    contentType: 'text/html; charset=iso-8859-1',
    text: `${russian} \ufffd`,
    source: 'utf8-validity',
  },
  {
    name: 'UTF-16LE without a BOM or a declaration (byte layout)',
    bytes: iconv.encode(page('', japanese), 'utf-16le'),
    contentType: 'text/html',
    text: japanese,
    source: 'byte-layout',
  },
  {
    name: 'XHTML declaring its charset in the XML declaration',
    bytes: iconv.encode(`<?xml version="1.0" encoding="windows-1251"?>${page('', russian)}`, 'windows-1251'),
    contentType: 'application/xhtml+xml',
    text: russian,
    source: 'xml-declaration',
  },
];

describe('decodeBody of HTML', () => {
  it.each(cases)('decodes $name', ({ bytes, contentType, text, source }) => {
    const decoded = decodeBody(new Uint8Array(bytes), contentType, 'html');
    expect(decoded.source).toBe(source);
    expect(decoded.text).toContain(text);
    expect(decoded.text.startsWith('\ufeff')).toBe(false);
  });

  it('ignores a charset inside an HTML comment and an unknown label', () => {
    const html = `<!-- <meta charset="koi8-r"> --><meta charset="x-unknown-charset">${page('', russian)}`;
    const body = new Uint8Array(Buffer.from(html));
    expect(decodeBody(body, null, 'html')).toMatchObject({ charset: 'utf-8', source: 'utf8-validity' });
  });

  it('treats a <meta> claiming UTF-16 as UTF-8, since the meta itself was readable as ASCII', () => {
    const body = new Uint8Array(Buffer.from(page('<meta charset="utf-16">', 'plain')));
    expect(decodeBody(body, null, 'html').charset).toBe('utf-8');
  });
});

const PRIVET = 'Привет'; // "hello" in Russian: distinct bytes in every Cyrillic charset
const xml = (declaration: string) =>
  `${declaration}<rss><channel><title>${PRIVET} мир</title></channel></rss>`;
const utf16 = (text: string, bigEndian: boolean) => {
  const bytes = Buffer.from(text, 'utf16le');
  return bigEndian ? Buffer.from(bytes).swap16() : bytes;
};
const utf32 = (text: string, bigEndian: boolean) => {
  const codePoints = [...text].map((char) => char.codePointAt(0) ?? 0);
  const bytes = Buffer.alloc(codePoints.length * 4);
  for (const [index, codePoint] of codePoints.entries()) {
    if (bigEndian) bytes.writeUInt32BE(codePoint, index * 4);
    else bytes.writeUInt32LE(codePoint, index * 4);
  }
  return bytes;
};
const withBom = (bom: number[], body: Uint8Array) => Buffer.concat([Buffer.from(bom), body]);

describe('decodeBody of XML', () => {
  const plain = xml('');
  const declaredUtf16 = xml('<?xml version="1.0" encoding="UTF-16"?>');
  it.each([
    ['UTF-8 BOM', withBom([0xef, 0xbb, 0xbf], Buffer.from(plain)), null, 'utf-8'],
    ['UTF-16LE BOM', withBom([0xff, 0xfe], utf16(plain, false)), null, 'utf-16le'],
    ['UTF-16BE BOM', withBom([0xfe, 0xff], utf16(plain, true)), null, 'utf-16be'],
    ['UTF-32LE BOM', withBom([0xff, 0xfe, 0, 0], utf32(plain, false)), null, 'utf-32le'],
    ['UTF-32BE BOM', withBom([0, 0, 0xfe, 0xff], utf32(plain, true)), null, 'utf-32be'],
    [
      'BOM over a contradicting header',
      withBom([0xef, 0xbb, 0xbf], Buffer.from(plain)),
      'text/xml; charset=koi8-r',
      'utf-8',
    ],
    ['UTF-16LE without BOM, declared', utf16(declaredUtf16, false), null, 'utf-16le'],
    ['UTF-16BE without BOM, declared', utf16(declaredUtf16, true), null, 'utf-16be'],
    ['UTF-16LE without BOM or declaration', utf16(plain, false), null, 'utf-16le'],
    ['UTF-32BE without BOM or declaration', utf32(plain, true), null, 'utf-32be'],
    [
      'Content-Type charset',
      iconv.encode(plain, 'windows-1251'),
      'application/rss+xml; charset=windows-1251',
      'windows-1251',
    ],
    ['quoted Content-Type charset', iconv.encode(plain, 'koi8-r'), 'text/xml; charset="KOI8-R"', 'koi8-r'],
    [
      'Content-Type over the XML declaration',
      iconv.encode(xml('<?xml version="1.0" encoding="windows-1251"?>'), 'koi8-r'),
      'text/xml; charset=koi8-r',
      'koi8-r',
    ],
    [
      'an "x-" charset label',
      iconv.encode(plain, 'maccyrillic'),
      'text/xml; charset=x-mac-cyrillic',
      'mac-cyrillic',
    ],
    [
      'XML declaration',
      iconv.encode(xml('<?xml version="1.0" encoding="KOI8-R"?>'), 'koi8-r'),
      'text/xml',
      'koi8-r',
    ],
    [
      'XML declaration after whitespace',
      iconv.encode(xml("\n  <?xml version='1.0' encoding='windows-1251'?>"), 'windows-1251'),
      null,
      'windows-1251',
    ],
    ['no declaration, valid UTF-8', Buffer.from(plain), null, 'utf-8'],
  ])('%s', (_name, body, contentType, encoding) => {
    const decoded = decodeBody(body, contentType, 'xml');
    expect(decoded.charset).toBe(encoding);
    expect(decoded.text).toContain(`<title>${PRIVET} мир</title>`);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('passes over a header wrongly claiming UTF-8 to the XML declaration, and says so', () => {
    const body = iconv.encode(xml('<?xml version="1.0" encoding="KOI8-R"?>'), 'koi8-r');
    const decoded = decodeBody(body, 'application/rss+xml; charset=utf-8', 'xml');
    expect(decoded).toMatchObject({ charset: 'koi8-r', source: 'xml-declaration' });
    expect(decoded.text).toContain(`<title>${PRIVET} мир</title>`);
    expect(decoded.warnings.join()).toMatch(/declares utf-8 but the bytes are not utf-8/);
  });

  it('reads latin-1 labels as windows-1252, the way browsers do', () => {
    const decoded = decodeBody(
      iconv.encode('<a>“quoted” café</a>', 'windows-1252'),
      'text/xml; charset=ISO-8859-1',
      'xml',
    );
    expect(decoded.charset).toBe('windows-1252');
    expect(decoded.text).toBe('<a>“quoted” café</a>');
  });

  it('trusts UTF-8 bytes over a legacy charset they contradict, with a warning', () => {
    const decoded = decodeBody(Buffer.from(xml('<?xml version="1.0" encoding="ISO-8859-1"?>')), null, 'xml');
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toContain(`${PRIVET} мир`);
    expect(decoded.warnings.join()).toMatch(/contradicts/);
  });

  it('detects a legacy charset when nothing is declared and the bytes are not UTF-8', () => {
    const russian = `<rss><channel><title>${'Это длинный русский текст о новостях и погоде. '.repeat(8)}</title></channel></rss>`;
    const decoded = decodeBody(iconv.encode(russian, 'windows-1251'), null, 'xml');
    expect(decoded.charset).toBe('windows-1251');
    expect(decoded.text).toBe(russian);
    expect(decoded.warnings.join()).toMatch(/not utf-8, decoded as detected windows-1251/);
  });

  it('falls back when the declared encoding is unknown, and says so', () => {
    const decoded = decodeBody(
      Buffer.from('<?xml version="1.0" encoding="invalid"?><feed><title>Café</title></feed>'),
      null,
      'xml',
    );
    expect(decoded.text).toContain('Café');
    expect(decoded.warnings.join()).toMatch(/unknown or contradictory encoding "invalid"/);
  });

  it('keeps the UTF-8 reading of mostly-UTF-8 text, replacing a stray byte', () => {
    const body = Buffer.concat([
      Buffer.from('<rss><title>café crème'),
      Buffer.from([0xff]),
      Buffer.from('</title></rss>'),
    ]);
    const decoded = decodeBody(body, 'application/rss+xml; charset=utf-8', 'xml');
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toBe('<rss><title>café crème\ufffd</title></rss>');
    expect(decoded.warnings.join()).toMatch(/1 byte sequences invalid in utf-8/);
  });

  it('reads legacy text mislabelled as UTF-8 in its detected charset', () => {
    const body = iconv.encode('<rss><title>Les élèves à l’école, déjà passés</title></rss>', 'windows-1252');
    const decoded = decodeBody(body, 'application/rss+xml; charset=utf-8', 'xml');
    expect(decoded.text).toBe('<rss><title>Les élèves à l’école, déjà passés</title></rss>');
    expect(decoded.warnings.join()).toMatch(/not utf-8, decoded as detected/);
  });

  it.each([
    ['miniflux-encoding-windows-1251.xml', 'application/rss+xml', 'windows-1251', 'Цитата #17703'],
    ['simplepie-feed-utf16le.xml', 'application/rss+xml', 'utf-16le', 'Test feed title 1'],
  ])('decodes the real-world fixture %s', (file, contentType, encoding, expected) => {
    const decoded = decodeBody(
      readFileSync(new URL(`./testdata/${file}`, import.meta.url)),
      contentType,
      'xml',
    );
    expect(decoded.charset).toBe(encoding);
    expect(decoded.text).toContain(expected);
  });
});
