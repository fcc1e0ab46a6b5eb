// What a release needs before anything is published, checked the same way by CI (.ci/run, on every
// change) and by the release workflow (on a version tag): the tag names package.json's version, the
// CHANGELOG has a dated section and a link for it, the package holds what a user needs and no
// development files, and the major tag that moves with it (`v0` while 0.x). docs/releasing.md.
//
//   tsx scripts/release-check.ts [--tag vX.Y.Z] [--notes FILE] [--major-out FILE]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Files a user of the npm package needs. */
export const REQUIRED_FILES = ['bin/segment-access.js', 'dist/cli.js', 'dist/action.js', 'dist/THIRD_PARTY_NOTICES.md', 'schema/access.schema.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const DEVELOPMENT = /^(test|bench|scripts|src|examples|\.github|\.ci)\//;

export interface ReleaseFacts {
  version: string;
  tag: string;
  majorTag: string;
  notes: string;
}

/** The checks on the texts alone (package.json's version, the CHANGELOG, the tag): pure, for tests. */
export function releaseFacts(input: { version: string; changelog: string; tag?: string }): ReleaseFacts {
  const { version, changelog } = input;
  const semver = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!semver) throw new Error(`package.json's version ${JSON.stringify(version)} is not X.Y.Z`);
  const tag = `v${version}`;
  if (input.tag !== undefined && input.tag !== tag) throw new Error(`the tag ${input.tag} does not name package.json's version ${version} (expected ${tag})`);
  const escaped = version.replace(/\./g, '\\.');
  const heading = new RegExp(`^## \\[${escaped}\\] - (\\d{4}-\\d{2}-\\d{2})$`, 'm').exec(changelog);
  if (!heading) throw new Error(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section: move [Unreleased] under it`);
  if (!new RegExp(`^\\[${escaped}\\]: https://`, 'm').test(changelog)) throw new Error(`CHANGELOG.md has no link line "[${version}]: https://…" at the bottom`);
  const start = heading.index + heading[0].length;
  const next = changelog.slice(start).search(/^## \[|^\[[^\]]+\]: /m);
  const notes = changelog.slice(start, next === -1 ? undefined : start + next).trim();
  if (!notes) throw new Error(`CHANGELOG.md's section for ${version} is empty`);
  return { version, tag, majorTag: `v${semver[1]}`, notes };
}

/** What `npm pack` would put in the package: every required file, no development file. */
export function checkPackedFiles(files: readonly string[]): void {
  const missing = REQUIRED_FILES.filter((f) => !files.includes(f));
  if (missing.length) throw new Error(`the package lacks ${missing.join(', ')}`);
  const development = files.filter((f) => DEVELOPMENT.test(f));
  if (development.length) throw new Error(`the package ships development files: ${development.slice(0, 10).join(', ')}`);
}

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack!.files.map((f) => f.path);
}

function main(argv: string[]): void {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const facts = releaseFacts({ version: pkg.version, changelog: readFileSync('CHANGELOG.md', 'utf8'), ...(option('--tag') ? { tag: option('--tag')! } : {}) });
  checkPackedFiles(packedFiles());
  const notesFile = option('--notes');
  if (notesFile) writeFileSync(notesFile, `${facts.notes}\n`);
  const majorOut = option('--major-out');
  if (majorOut) writeFileSync(majorOut, facts.majorTag);
  process.stdout.write(`release ${facts.tag}: npm segment-access@${facts.version}, GitHub release ${facts.tag}, major tag ${facts.majorTag} moves to it\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`release check failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
