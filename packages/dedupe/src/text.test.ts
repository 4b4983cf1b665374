import { describe, expect, it } from 'vitest';
import { stripBoilerplate } from './boilerplate';
import { contentHash, contentHashOfTokens, normalizeText, splitSentences, tokenize } from './text';

describe('normalizeText', () => {
  it.each([
    ['folds case, quotes and punctuation', '“Rates ROSE,” she said.', 'rates rose she said'],
    ['decodes entities', 'Smith &amp; Sons&#39; profit&nbsp;fell', 'smith sons profit fell'],
    ['collapses layout', '  one\n\n  two\tthree  ', 'one two three'],
    [
      'keeps decimals and drops thousands separators',
      'up 2.5% to 12,400,000 tonnes',
      'up 2.5 to 12400000 tonnes',
    ],
    ['folds compatibility forms', 'ﬁnal ＡＢＣ', 'final abc'],
    ['splits dotted abbreviations into words', 'the U.S. economy', 'the u s economy'],
  ])('%s', (_, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('tokenizes into words, figures kept whole', () => {
    const tokens = tokenize('Exports rose 4.5 pct to 1,200 mln in 1987.');
    expect(tokens).toEqual(['exports', 'rose', '4.5', 'pct', 'to', '1200', 'mln', 'in', '1987']);
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends and line breaks, not after initials, titles or decimal points', () => {
    expect(
      splitSentences(
        'A U.S. judge heard Lt. Col. Ann Roe. "Rates rose 2.5 pct." Mr. Lee agreed.\n\nIt ended at 4 p.m. Friday.',
      ),
    ).toEqual([
      'A U.S. judge heard Lt. Col. Ann Roe.',
      '"Rates rose 2.5 pct."',
      'Mr. Lee agreed.',
      'It ended at 4 p.m. Friday.',
    ]);
  });
});

describe('contentHash', () => {
  it('is equal for copies that differ only in layout, case, entities or quote style', () => {
    const a = contentHash('The mayor said: "We will rebuild."\n\nWork starts Monday &amp; ends in June.');
    const b = contentHash('THE MAYOR SAID: “WE WILL REBUILD.” WORK STARTS MONDAY & ENDS IN JUNE');
    expect(a).toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('is the same computed from the tokens', () => {
    const text = 'The mayor said: "We will rebuild." Costs: 1,200 mln &amp; rising.';
    expect(contentHashOfTokens(tokenize(text))).toBe(contentHash(text));
  });

  it('differs when a word or a figure changes', () => {
    const base = contentHash('Output rose 3 pct in May.');
    expect(contentHash('Output rose 4 pct in May.')).not.toBe(base);
    expect(contentHash('Output fell 3 pct in May.')).not.toBe(base);
  });
});

describe('stripBoilerplate', () => {
  it.each([
    ['a dateline with credit', 'PARIS (Example Wire) - The talks ended.', 'The talks ended.'],
    ['a dated dateline', 'OSLO, Mar 3 (Example Wire) - The talks ended.', 'The talks ended.'],
    ['a bare dateline', 'WASHINGTON — The talks ended.', 'The talks ended.'],
    [
      'two stacked datelines',
      'OSLO, Mar 3 (Example Wire) - WASHINGTON — The talks ended.',
      'The talks ended.',
    ],
    [
      'a copyright footer',
      'The talks ended.\n\nCopyright Example Wire. All rights reserved. Sign up to our daily newsletter.',
      'The talks ended.',
    ],
    [
      'credits and link lists',
      'The talks ended.\n(Reporting by Ann Lee; editing by the desk)\nRelated stories\n- More world news',
      'The talks ended.',
    ],
    [
      'nothing from prose that mentions a phrase',
      'Lawyers argued for months over whether the archive may not be published in full, a question the court left to a later hearing with several experts and two more witnesses called by the defence team of the publisher.',
      'Lawyers argued for months over whether the archive may not be published in full, a question the court left to a later hearing with several experts and two more witnesses called by the defence team of the publisher.',
    ],
    ['a byline above the story', 'By Example Wire staff\n\nThe talks ended.', 'The talks ended.'],
    [
      'a time stamp below the story',
      'The talks ended.\nPublished 14:05 GMT, 3 June 2024 | Updated 16:40 GMT',
      'The talks ended.',
    ],
    [
      'nothing from a story that starts with "By"',
      'By noon the talks had ended.',
      'By noon the talks had ended.',
    ],
    ['a text that is all wrapper (kept whole)', 'All rights reserved.', 'All rights reserved.'],
  ])('removes %s', (_, input, expected) => {
    expect(stripBoilerplate(input)).toBe(expected);
  });
});
