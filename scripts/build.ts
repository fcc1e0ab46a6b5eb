// Bundles the CLI (dist/cli.js, what bin/segment-access.js runs) and the GitHub Action
// (dist/action.js): one minified ESM file each for Node 20+ (the action declares node24), so nothing
// is compiled at start-up. The licence notices of every bundled package go to
// dist/THIRD_PARTY_NOTICES.md. CI rebuilds all three and fails when a committed file differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

async function bundle(entry: string, out: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [`${root}${entry}`],
    outfile: `${root}${out}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    metafile: true,
    // Notices are collected into one file below instead of being scattered (or dropped) in the bundle.
    legalComments: 'none',
    define: { __SEGMENT_ACCESS_VERSION__: JSON.stringify(version) },
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __segmentAccessRequire } from 'node:module'; const require = __segmentAccessRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  console.log(`wrote ${out}`);
  return result.metafile;
}

/** The packages whose code a bundle contains: the innermost node_modules/<name> of every input. */
function bundledPackages(metafiles: Metafile[]): string[] {
  const dirs = new Set<string>();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) dirs.add(m[1]!);
    }
  }
  return [...dirs].sort();
}

function notices(packageDirs: string[]): string {
  const sections = packageDirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string; repository?: string | { url?: string } };
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE', 'license.md'].map((f) => path.join(root, dir, f)).find((f) => existsSync(f));
    const text = file ? readFileSync(file, 'utf8').trim() : `(no licence file in the package; package.json says ${pkg.license ?? 'nothing'})`;
    return `## ${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown'})\n\n\`\`\`\n${text}\n\`\`\``;
  });
  return `# Third-party notices\n\ndist/cli.js and dist/action.js bundle the following packages. Their licences follow.\n\n${sections.join('\n\n')}\n`;
}

const metafiles = [await bundle('src/cli-main.ts', 'dist/cli.js'), await bundle('src/action-main.ts', 'dist/action.js')];
writeFileSync(`${root}dist/THIRD_PARTY_NOTICES.md`, notices(bundledPackages(metafiles)));
console.log('wrote dist/THIRD_PARTY_NOTICES.md');
