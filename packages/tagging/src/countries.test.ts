import { describe, expect, it } from 'vitest';
import { findCountries } from './countries';

const codes = (text: string, title = '', titleIsAllCaps = false) =>
  findCountries(title, text, titleIsAllCaps).map((country) => country.code);

describe('findCountries', () => {
  const cases: { text: string; expected: string[] }[] = [
    { text: 'Russia and North Korea signed a deal.', expected: ['RU', 'KP'] },
    { text: 'A Russian envoy met North Korean officials.', expected: ['RU', 'KP'] },
    { text: 'The U.S. and the UK disagreed; US officials said so.', expected: ['US', 'GB'] },
    { text: 'Britain, the Netherlands and Holland.', expected: ['GB', 'NL'] },
    { text: 'The Soviet Union and West Germany in 1987.', expected: ['RU', 'DE'] },
    { text: 'Americans, Iraqis and Sri Lankans voted.', expected: ['US', 'IQ', 'LK'] },
    { text: 'Talks in Moscow and Pyongyang.', expected: [] },
    { text: 'Growth in Latin America and South America.', expected: [] },
    { text: 'Michael Jordan scored; Jordan and Syria talked.', expected: ['JO', 'SY'] },
    { text: 'Voters in Georgia went to the polls in Atlanta.', expected: [] },
    { text: 'Georgia and Russia clashed, officials in Tbilisi said.', expected: ['GE', 'RU'] },
    {
      text: 'Shares in Korea Telecom, Pacific Gas and British Airways rose; Air Chile cut fares.',
      expected: [],
    },
    { text: 'Storms in the Gulf of Mexico and the Sea of Japan.', expected: [] },
    { text: 'The Mexican navy and Japanese ships took part.', expected: ['MX', 'JP'] },
    { text: 'Korean exporters and South Korea; tension on the Korean peninsula.', expected: ['KR'] },
    { text: 'Scots and the Welsh joined.', expected: ['GB'] },
    { text: 'Turkey and Taiwan, the Vatican and Palestinian leaders.', expected: ['TR', 'TW', 'VA', 'PS'] },
  ];
  it.each(cases)('$text -> $expected', ({ text, expected }) => {
    expect(codes(text)).toEqual(expected);
  });

  it('reads all-capital titles case-insensitively', () => {
    expect(codes('Officials spoke.', 'IRAN SAYS U.S. NAVAL FORCES ATTACKED', true)).toEqual(['IR', 'US']);
  });

  it('gives English short names', () => {
    expect(findCountries('', 'North Korean and American troops', false)).toEqual([
      { code: 'KP', name: 'North Korea' },
      { code: 'US', name: 'United States' },
    ]);
  });
});
