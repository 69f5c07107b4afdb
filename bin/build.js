#!/usr/bin/env node
// Bundles the command line and the server (bin/cli.ts and everything it imports from src/ and adapters/) into
// dist/cli/, so that `ponder` starts without compiling TypeScript. `npm install` runs it (the prepare script);
// bin/ponder.js falls back to the sources whenever a file this build read has changed since (see freshness.js).
// Stack traces point into dist/; `node --enable-source-maps bin/ponder.js ...` maps them back to the sources.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST_DIR, ENTRY, STAMP, STAMP_VERSION, fingerprint } from './freshness.js';

const ROOT = dirname(import.meta.dirname);
/** Files esbuild reads besides the modules: a change to either can change the bundle. */
const CONFIG = ['tsconfig.json', 'bin/build.js'];

/** Builds dist/cli/ from the sources under `root`; returns the stamp's inputs. */
export async function buildCli(root = ROOT) {
  const dist = join(root, DIST_DIR);
  // Built beside dist/cli, at the same depth (the relative paths below hold for both), then swapped in whole:
  // a `ponder` starting meanwhile finds either the old build or none, never half of one.
  const work = join(dirname(dist), `.build-${process.pid}`);
  const inputs = new Map();
  for (const file of CONFIG) record(inputs, root, join(root, file));
  rmSync(work, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { [ENTRY.replace(/\.js$/, '')]: 'bin/cli.ts' },
      outdir: work,
      bundle: true,
      // Chunks keep lazy imports lazy: the Anthropic and LangChain clients, the guard's and the model's commands.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Dependencies load from node_modules as they would from the sources (better-sqlite3 is a native addon).
      packages: 'external',
      // Every chunk directly in the output folder: sourceLocations counts its relative paths from there.
      entryNames: '[name]',
      chunkNames: '[name]-[hash]',
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'warning',
      plugins: [sourceLocations(root, dist, inputs)],
    });
    for (const file of Object.keys(result.metafile.inputs)) {
      if (!inputs.has(file)) record(inputs, root, join(root, file));
    }
    // One file a line, so that a diff of two stamps shows what changed.
    const lines = [...inputs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, print]) => `  ${JSON.stringify(file)}: ${JSON.stringify(print)}`);
    writeFileSync(join(work, STAMP), `{\n "version": ${STAMP_VERSION},\n "inputs": {\n${lines.join(',\n')}\n }\n}\n`);
    swapIn(work, dist);
    return Object.fromEntries(inputs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function record(inputs, root, path) {
  const print = fingerprint(path);
  if (!print) throw new Error(`${path}: no such file`);
  inputs.set(relative(root, path).split(sep).join('/'), print);
}

/**
 * Code that reads files beside itself (prompts/, curriculum/, the widget's sources and languages, the lint's own
 * code for its cache key) finds them through import.meta, which in a bundle names the chunk in dist/, not the
 * source file. Each source's import.meta.url, .dirname and .filename become those of the source, written relative
 * to the chunk so that a checkout that moves keeps working. Also fingerprints each file before esbuild reads it.
 */
function sourceLocations(root, dist, inputs) {
  return {
    name: 'source-locations',
    setup(builder) {
      builder.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        record(inputs, root, args.path);
        if (!args.path.endsWith('.ts')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const fromChunk = relative(dist, args.path).split(sep).map(encodeURIComponent).join('/');
        const url = `new URL(${JSON.stringify(fromChunk)}, import.meta.url)`;
        const unsupported = [];
        let needsPath = false;
        const contents = source.replace(/\bimport\.meta\.(\w+)/g, (whole, member) => {
          if (member === 'url') return `${url}.href`;
          needsPath = true;
          if (member === 'filename') return `__sourcePath(${url})`;
          if (member === 'dirname') return `__sourceDirname(__sourcePath(${url}))`;
          unsupported.push(whole);
          return whole;
        });
        if (unsupported.length) {
          return { errors: [{ text: `${relative(root, args.path)}: ${unsupported.join(', ')} would resolve from dist/ once bundled. Fix: use new URL(..., import.meta.url) instead` }] };
        }
        // Appended, not prepended, so that line numbers (and source maps) stay those of the source.
        const imports = needsPath ? "\nimport { fileURLToPath as __sourcePath } from 'node:url';\nimport { dirname as __sourceDirname } from 'node:path';\n" : '';
        return { contents: contents + imports, loader: 'ts' };
      });
    },
  };
}

/** Replaces `dist` by `work`, retrying when a concurrent build swaps its own in between. */
function swapIn(work, dist) {
  const olds = [];
  try {
    for (let attempt = 0; ; attempt += 1) {
      const old = `${work}-old-${attempt}`;
      try {
        renameSync(dist, old);
        olds.push(old);
      } catch (error) {
        if (error.code !== 'ENOENT') throw error;
      }
      try {
        renameSync(work, dist);
        return;
      } catch (error) {
        if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt >= 5) throw error;
      }
    }
  } finally {
    for (const old of olds) rmSync(old, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const inputs = await buildCli();
  console.log(`ponder: built ${relative(process.cwd(), join(ROOT, DIST_DIR)) || '.'} from ${Object.keys(inputs).length} files`);
}
