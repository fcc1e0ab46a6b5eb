// Bundles the GitHub Action into dist/action.js: one ESM file for Node 20+ (the action declares
// node24). CI rebuilds it and fails when the committed file differs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

await build({
  entryPoints: [`${root}src/action-main.ts`],
  outfile: `${root}dist/action.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { __SEGMENT_ACCESS_VERSION__: JSON.stringify(version) },
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __segmentAccessRequire } from 'node:module'; const require = __segmentAccessRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log('wrote dist/action.js');
