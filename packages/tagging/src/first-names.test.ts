import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compromiseFirstNames, firstNamesHeader } from '../scripts/compromise-first-names';
import { isFirstName } from './first-names';

describe('isFirstName', () => {
  it('knows international given names and leaves out common words', () => {
    for (const name of ['Mikhail', 'Recep', 'gavin', 'Aaron']) expect(isFirstName(name), name).toBe(true);
    for (const word of ['Cross', 'Star', 'Kenenisa', 'Telecom']) expect(isFirstName(word), word).toBe(false);
  });

  it('reads a list that matches the installed compromise (run scripts/write-first-names.ts after an upgrade)', () => {
    const file = readFileSync(new URL('../lexicon/first-names.txt', import.meta.url), 'utf8');
    expect(file).toBe(`${firstNamesHeader()}${compromiseFirstNames().join('\n')}\n`);
  });
});
