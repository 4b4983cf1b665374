// `pnpm build`: newsq ships TypeScript sources run by tsx (see infra/docker/Dockerfile), so the
// build is a check that every deployable is sound: a strict typecheck, then esbuild resolving the
// complete import graph of each entry point (an import that would fail at container start fails
// here), with the size of each graph reported. Nothing is written.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.json'), '--noEmit'], {
  stdio: 'inherit',
});

const entries = readdirSync(join(root, 'services')).map((service) => ({
  service,
  entry: join(root, 'services', service, 'src/main.ts'),
}));
let failed = false;
for (const { service, entry } of entries) {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Native addons and optional drivers are loaded by Node itself at run time.
      external: ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate', 'canvas'],
      loader: { '.node': 'empty' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    const own = inputs.filter((input) => !input.includes('node_modules')).length;
    process.stdout.write(
      `build: ${service.padEnd(14)} ok  ${String(own).padStart(4)} own modules, ${inputs.length - own} from dependencies\n`,
    );
  } catch (error) {
    failed = true;
    const messages =
      error.errors?.map((item) => `${item.location?.file ?? ''}: ${item.text}`).join('\n  ') ?? error.message;
    process.stderr.write(`build: ${service} failed:\n  ${messages}\n`);
  }
}
process.exit(failed ? 1 : 0);
