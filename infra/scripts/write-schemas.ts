// `pnpm schemas`: writes the JSON Schemas of the event contract (packages/core/schemas) from the zod
// schemas the code validates with. A test fails while the committed files differ from them.
import { writeFileSync } from 'node:fs';
import { contractJsonSchemas } from '../../packages/core/src/article-event';

const dir = new URL('../../packages/core/schemas/', import.meta.url);
for (const [name, schema] of Object.entries(contractJsonSchemas())) {
  writeFileSync(new URL(name, dir), `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote packages/core/schemas/${name}\n`);
}
