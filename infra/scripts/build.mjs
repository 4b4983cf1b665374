// `pnpm build`: a strict typecheck, then one JavaScript bundle per deployable at
// services/<name>/dist/main.js that runs under plain `node` (no TypeScript loader). Workspace code and
// most dependencies are bundled, so a service's devDependencies are what it is built from; the few
// packages that load files or native code of their own at run time stay external: they are the
// service's production dependencies and infra/image's (both checked here). Files a module reads through
// `new URL('./file', import.meta.url)` are copied to dist/assets (browser scripts under a static/
// directory too), and worker-thread entries (the extraction pool's, `newsq run`'s second thread) are
// bundled beside main.js.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
const skipTypecheck = process.argv.includes('--no-typecheck');
if (!skipTypecheck) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.json'), '--noEmit'], {
    stdio: 'inherit',
  });
}

/** Packages that load native code, worker files or static files from their own directory at run time. */
const EXTERNAL = [
  'better-sqlite3',
  'piscina',
  '@bull-board/api',
  '@bull-board/fastify',
  '@bull-board/ui',
  '@fastify/swagger-ui',
];
/** Optional dependencies that are absent on purpose: a require of them is caught by their importer. */
const ABSENT_OPTIONAL = ['pg-native', 'canvas', 'bufferutil', 'utf-8-validate'];

/** Worker-thread entry points: built beside main.js when a bundle includes the module that starts them. */
const THREAD_ENTRIES = [
  {
    startedBy: 'packages/extract/src/extract-pool.ts',
    file: 'extract-worker.mjs',
    source: "export { runExtractTask as default } from './packages/extract/src/extract-task.ts';",
  },
  {
    startedBy: 'services/cli/src/stage-thread-client.ts',
    file: 'stage-thread.mjs',
    source: "import './services/cli/src/stage-thread.ts';",
  },
];

const ASSET_URL = /new URL\((['"])(\.{1,2}\/[^'"]+?)\1,\s*import\.meta\.url\)/g;

/** Rewrites `new URL('./x.yaml', import.meta.url)` to a copy in dist/assets (code files are left alone). */
function assetsPlugin(outdir) {
  return {
    name: 'newsq-assets',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const contents = source.replace(ASSET_URL, (whole, quote, target) => {
          // Code is bundled, except browser files under a static/ directory: those are served as they are.
          if (/\.(?:[cm]?js|ts)$/.test(target) && !target.includes('/static/')) return whole;
          const file = join(dirname(args.path), target);
          if (!existsSync(file) || !statSync(file).isFile()) return whole;
          mkdirSync(join(outdir, 'assets'), { recursive: true });
          copyFileSync(file, join(outdir, 'assets', basename(file)));
          return `new URL(${quote}./assets/${basename(file)}${quote}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  logLevel: 'silent',
  external: [...EXTERNAL, ...ABSENT_OPTIONAL],
  // Bundled CommonJS dependencies call require(); ESM output has none unless it is provided.
  banner: {
    js: "import { createRequire as __newsqCreateRequire } from 'node:module'; const require = __newsqCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
};

const packageName = (path) =>
  (path.startsWith('@') ? path.split('/').slice(0, 2) : path.split('/').slice(0, 1)).join('/');

/**
 * The packages a bundle loads at run time: `required` at startup (static imports of the EXTERNAL list),
 * `onDemand` (dynamic imports, e.g. the SQLite driver only when DATABASE_URL names SQLite), and `optional`
 * (requires esbuild could not resolve inside try/catch: optional dependencies of dependencies).
 */
function externalsUsed(metafile) {
  const used = { required: new Set(), onDemand: new Set(), optional: new Set() };
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports ?? []) {
      if (!imported.external || imported.path.startsWith('node:') || ABSENT_OPTIONAL.includes(imported.path))
        continue;
      const name = packageName(imported.path);
      if (!EXTERNAL.includes(name)) used.optional.add(name);
      else if (imported.kind === 'dynamic-import') used.onDemand.add(name);
      else used.required.add(name);
    }
  }
  return used;
}

function merge(into, from) {
  for (const key of Object.keys(into)) for (const name of from[key]) into[key].add(name);
}

function resolvable(requireFrom, name) {
  for (const specifier of [`${name}/package.json`, name]) {
    try {
      requireFrom.resolve(specifier);
      return true;
    } catch {}
  }
  return false;
}

const imageDependencies = Object.keys(
  JSON.parse(readFileSync(join(root, 'infra/image/package.json'), 'utf8')).dependencies ?? {},
);
let failed = false;
for (const service of readdirSync(join(root, 'services')).sort()) {
  const serviceDir = join(root, 'services', service);
  const entry = join(serviceDir, 'src/main.ts');
  if (!existsSync(entry)) continue;
  const outdir = join(serviceDir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  try {
    const result = await build({
      ...common,
      entryPoints: { main: entry },
      outdir,
      outExtension: { '.js': '.js' },
      plugins: [assetsPlugin(outdir)],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const externals = externalsUsed(result.metafile);
    // Thread entries a bundle starts by file name (new URL('./x.mjs', import.meta.url)) go beside main.js.
    for (const thread of THREAD_ENTRIES) {
      if (!inputs.some((input) => input.endsWith(thread.startedBy))) continue;
      const worker = await build({
        ...common,
        stdin: { contents: thread.source, resolveDir: root, loader: 'ts' },
        outfile: join(outdir, thread.file),
        plugins: [assetsPlugin(outdir)],
      });
      merge(externals, externalsUsed(worker.metafile));
    }
    // What the bundle loads at startup must resolve from its own directory, as it will in the image.
    const requireFromDist = createRequire(join(outdir, 'main.js'));
    const unresolved = [...externals.required].filter((name) => !resolvable(requireFromDist, name));
    if (unresolved.length > 0) {
      throw new Error(
        `external packages not resolvable from ${relative(root, outdir)}: ${unresolved.join(', ')} (add them to services/${service}/package.json dependencies)`,
      );
    }
    // The image installs infra/image's dependencies only: each package a bundle may load must be there.
    const missingInImage = [...externals.required, ...externals.onDemand].filter(
      (name) => !imageDependencies.includes(name),
    );
    if (missingInImage.length > 0) {
      throw new Error(
        `add ${missingInImage.join(', ')} to infra/image/package.json: the image would lack it`,
      );
    }
    const onDemand = [...externals.onDemand].map((name) =>
      resolvable(requireFromDist, name) ? name : `${name} (not installed: that path is unavailable)`,
    );
    const bytes = statSync(join(outdir, 'main.js')).size;
    const own = inputs.filter((input) => !input.includes('node_modules')).length;
    process.stdout.write(
      `build: ${service.padEnd(14)} ok  dist/main.js ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${own} own modules, ${inputs.length - own} from dependencies; loads ${[...externals.required].sort().join(', ') || 'nothing'}; on demand ${onDemand.sort().join(', ') || 'nothing'}\n`,
    );
  } catch (error) {
    failed = true;
    const messages =
      error.errors?.map((item) => `${item.location?.file ?? ''}: ${item.text}`).join('\n  ') ?? error.message;
    process.stderr.write(`build: ${service} failed:\n  ${messages}\n`);
  }
}
process.exit(failed ? 1 : 0);
