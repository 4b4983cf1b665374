import { describe, expect, it } from 'vitest';
import { cleanTitle, parsePageDate, readJsonLd } from './metadata';

describe('parsePageDate', () => {
  it.each([
    ['2019-11-20T01:35:00-08:00', '2019-11-20T09:35:00Z'],
    ['2019-11-20', '2019-11-20T00:00:00Z'],
    ['20191120T013500Z', '2019-11-20T01:35:00Z'],
    ['Tue, 19 Nov 2019 10:00:00 GMT', '2019-11-19T10:00:00Z'],
    ['November 18, 2019 11:03 PM UTC', '2019-11-18T23:03:00Z'],
    ['2', null],
    ['May', null],
    ['not a date', null],
    ['1970-01-01T00:00:00Z', null],
    ['', null],
  ])('%s -> %s', (input, expected) => {
    expect(parsePageDate(input)).toBe(expected);
  });
});

describe('cleanTitle', () => {
  it.each([
    ['Library budget approved | Example News', 'Example News', null, 'Library budget approved'],
    ['Example News - Library budget approved', 'Example News', null, 'Library budget approved'],
    ['Open thread - The Blog', null, 'Open thread', 'Open thread'],
    ['Why - and how - councils vote', null, null, 'Why - and how - councils vote'],
    ['Plain title', 'Example News', 'Plain title', 'Plain title'],
  ])('%s', (title, siteName, readabilityTitle, expected) => {
    expect(cleanTitle(title, siteName, readabilityTitle)).toBe(expected);
  });
});

describe('readJsonLd', () => {
  it('reads every object, also from arrays, @graph and with raw newlines inside strings', () => {
    const html = `<script type="application/ld+json">[{"@type":"WebSite","name":"A"}]</script>
      <script type='application/ld+json'>{"@graph":[{"@type":"NewsArticle","articleBody":"line one
line two"}]}</script>
      <script type="application/ld+json">{ broken</script>`;
    const objects = readJsonLd(html);
    expect(objects.map((object) => object['@type'])).toEqual(['WebSite', undefined, 'NewsArticle']);
    expect(objects[2]?.articleBody).toBe('line one line two');
  });
});
