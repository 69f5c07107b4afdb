// Bundles the widget (src/) into the one small script the server serves at /widget.js: an IIFE for browsers,
// minified, built in memory once at start-up.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export async function buildWidget(): Promise<{ code: string; gzipBytes: number }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./src/main.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('The widget build produced no output.');
  const code = file.text;
  return { code, gzipBytes: gzipSync(code).length };
}
