// Writes lexicon/first-names.txt: the male, female and unisex given names of compromise's English
// lexicon. The tagger reads that file instead of loading compromise, whose start-up (building its whole
// lexicon, in every thread that tags) cost more than the tagging of a short run. Run again after
// upgrading compromise: `pnpm exec tsx packages/tagging/scripts/write-first-names.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compromiseFirstNames, firstNamesHeader } from './compromise-first-names';

const path = fileURLToPath(new URL('../lexicon/first-names.txt', import.meta.url));
const names = compromiseFirstNames();
writeFileSync(path, `${firstNamesHeader()}${names.join('\n')}\n`);
process.stdout.write(`wrote ${names.length} names to ${path}\n`);
