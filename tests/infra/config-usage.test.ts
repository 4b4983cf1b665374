// Every variable the config schema accepts is read somewhere outside the config package: a
// variable parsed and documented but never used misleads operators (they set it, nothing changes).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VARIABLE_NAMES } from '@newsq/config';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'testdata') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('configuration usage', () => {
  it('reads every variable of the schema outside the config package', () => {
    const sources = [
      ...readdirSync('packages')
        .filter((name) => name !== 'config')
        .flatMap((name) => sourceFiles(join('packages', name, 'src'))),
      ...readdirSync('services').flatMap((name) => sourceFiles(join('services', name, 'src'))),
    ]
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const unread = VARIABLE_NAMES.filter((name) => !new RegExp(`\\b${name}\\b`).test(sources));
    expect(unread).toEqual([]);
  });
});
