import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, sniffCharset } from './decode-body';

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
];

describe('decodeBody', () => {
  it.each(cases)('decodes $name', ({ bytes, contentType, text, source }) => {
    const body = new Uint8Array(bytes);
    expect(sniffCharset(body, contentType, 'html').source).toBe(source);
    const decoded = decodeBody(body, contentType, 'html');
    expect(decoded).toContain(text);
    expect(decoded.startsWith('\ufeff')).toBe(false);
  });

  it('ignores a charset inside an HTML comment and an unknown label', () => {
    const html = `<!-- <meta charset="koi8-r"> --><meta charset="x-unknown-charset">${page('', russian)}`;
    const body = new Uint8Array(Buffer.from(html));
    expect(sniffCharset(body, null, 'html')).toEqual({ charset: 'utf-8', source: 'utf8-validity' });
  });

  it('treats a <meta> claiming UTF-16 as UTF-8, since the meta itself was readable as ASCII', () => {
    const body = new Uint8Array(Buffer.from(page('<meta charset="utf-16">', 'plain')));
    expect(sniffCharset(body, null, 'html').charset).toBe('utf-8');
  });
});
