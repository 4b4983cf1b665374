// Owns the `newsq dedupe` batch command: JSON lines in order, one verdict line out per
// document, decided by the same index code as the stage against a private in-memory store.
import { readJsonLines, writeJsonLine } from '@newsq/core';
import { createDedupeIndex } from './dedupe-index';
import { createMemoryDedupeStore } from './memory-store';

export async function runDedupeBatch(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  const index = createDedupeIndex({ store: createMemoryDedupeStore() });
  for await (const record of readJsonLines(input)) {
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : null;
    if (id === null || record.parseError !== undefined) {
      await writeJsonLine(output, {
        id: record.id ?? null,
        error: record.parseError ?? 'dedupe: record without a string id',
      });
      continue;
    }
    const verdict = await index.check({
      id,
      url: typeof record.url === 'string' ? record.url : null,
      title: typeof record.title === 'string' ? record.title : '',
      text: typeof record.text === 'string' ? record.text : '',
    });
    await writeJsonLine(output, { id, duplicateOf: verdict.duplicateOf, cluster: verdict.cluster });
  }
}
