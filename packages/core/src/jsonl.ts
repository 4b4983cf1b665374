// Owns the JSON-lines plumbing shared by the batch commands: one record in,
// one record out; a line that cannot be parsed becomes a record carrying the
// parse error instead of ending the stream.
import { createInterface } from 'node:readline';

export interface BatchRecord {
  id?: unknown;
  [key: string]: unknown;
}

export async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<BatchRecord> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      yield typeof parsed === 'object' && parsed !== null
        ? (parsed as BatchRecord)
        : { id: null, value: parsed };
    } catch (error) {
      yield { id: null, parseError: `batch: input line is not JSON: ${(error as Error).message}` };
    }
  }
}

/** Writes one JSON line, waiting for the pipe to drain so a slow reader bounds memory. */
export async function writeJsonLine(output: NodeJS.WritableStream, value: unknown): Promise<void> {
  if (!output.write(`${JSON.stringify(value)}\n`)) {
    await new Promise<void>((resolve) => output.once('drain', resolve));
  }
}
