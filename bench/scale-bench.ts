// Whole-process timings of `validate` (and `fmt`) on manifests built to find quadratic paths: many
// typos against many names (short, and up to 100 characters), a very large folder, one file with
// tens of thousands of schema errors, and fmt beside validate on the same 100,000 members. Each row
// is the median of `runs` runs of the prebuilt CLI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './harness.js';

interface Row { [key: string]: string | number; case: string; medianS: number; targetS: number; exit: number; outputKb: number; runs: number }

const WORKSPACE = 'version: 1\nworkspace:\n  slug: acme\npolicy:\n  maxRemovals: 100%\n';

/** 2,000 groups and 2,000 members, each naming a group that does not exist (one letter swapped). */
function typos(dir: string, style: 'shared-prefix' | 'varied' | number) {
  const long = (i: number, length: number) => {
    // Names of `length` characters that differ in a few places, as generated team names do.
    const base = `${['analytics', 'engineering', 'operations', 'marketing'][i % 4]}-${(i * 7919).toString(36)}-`;
    return (base + 'platform-data-pipeline-ingestion-warehouse-activation-'.repeat(3)).slice(0, length - 4) + String(i).padStart(4, '0');
  };
  const name = (i: number) => typeof style === 'number' ? long(i, style) : style === 'shared-prefix'
    ? `team-data-platform-${String(i).padStart(4, '0')}`
    : `${['ana', 'eng', 'ops', 'mkt', 'sec', 'fin'][i % 6]}-${(i * 7919).toString(36)}-${['web', 'ios', 'android', 'server'][i % 4]}`;
  const typo = (s: string) => `${s.slice(0, 3)}${s[4]}${s[3]}${s.slice(5)}`;
  const groups = Array.from({ length: 2000 }, (_, i) => `  - name: ${name(i)}\n    access: [{ role: Source Read-only, sources: all }]\n`).join('');
  const members = Array.from({ length: 2000 }, (_, i) => `  - email: user${i}@acme.com\n    groups: [${typo(name(i))}]\n`).join('');
  writeFileSync(path.join(dir, 'workspace.yaml'), WORKSPACE);
  writeFileSync(path.join(dir, 'people.yaml'), `version: 1\ngroups:\n${groups}members:\n  - email: owner@acme.com\n    role: Workspace Owner\n${members}`);
}

/** 100,000 members over 100 files. */
function manyMembers(dir: string) {
  writeFileSync(path.join(dir, 'workspace.yaml'), `${WORKSPACE}profiles:\n  ro:\n    - { role: Source Read-only, sources: all }\n`);
  for (let f = 0; f < 100; f++) {
    const members = Array.from({ length: 1000 }, (_, i) => {
      const n = f * 1000 + i;
      return n === 0 ? '  - email: owner@acme.com\n    role: Workspace Owner\n' : `  - email: user${n}@acme.com\n    name: User ${n}\n    profile: ro\n`;
    }).join('');
    writeFileSync(path.join(dir, `team-${String(f).padStart(3, '0')}.yaml`), `version: 1\nmembers:\n${members}`);
  }
}

/** 100,000 members over 100 files, each with its keys out of fmt's order (so fmt rewrites every one). */
function manyMembersUnordered(dir: string) {
  writeFileSync(path.join(dir, 'workspace.yaml'), `${WORKSPACE}profiles:\n  ro:\n    - { role: Source Read-only, sources: all }\n`);
  for (let f = 0; f < 100; f++) {
    const members = Array.from({ length: 1000 }, (_, i) => {
      const n = f * 1000 + i;
      return n === 0 ? '  - email: owner@acme.com\n    role: Workspace Owner\n' : `  - name: User ${n}\n    profile: ro\n    email: user${n}@acme.com\n`;
    }).join('');
    writeFileSync(path.join(dir, `team-${String(f).padStart(3, '0')}.yaml`), `version: 1\nmembers:\n${members}`);
  }
}

/** One file with 60,000 schema errors: 15,000 members, each with three misspelt keys and no email. */
function manyErrors(dir: string) {
  writeFileSync(path.join(dir, 'workspace.yaml'), WORKSPACE);
  const members = Array.from({ length: 15_000 }, (_, i) => `  - { emal: u${i}, rol: x, nme: y }\n`).join('');
  writeFileSync(path.join(dir, 'members.yaml'), `version: 1\nmembers:\n${members}`);
}

export function scaleBench(runs = 3): Row[] {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-scale-'));
  try {
    const cli = path.join(ROOT, 'dist/cli.js');
    const rows: Row[] = [];
    const cases: Array<[string, (dir: string) => void, number, string[]?]> = [
      ['2,000 x 2,000 typos, shared prefix', (d) => typos(d, 'shared-prefix'), 2],
      ['2,000 x 2,000 typos, varied names', (d) => typos(d, 'varied'), 2],
      ['2,000 x 2,000 typos, 36-character names', (d) => typos(d, 36), 10],
      ['2,000 x 2,000 typos, 100-character names', (d) => typos(d, 100), 10],
      ['100,000 members in 100 files', manyMembers, 3],
      ['60,000 schema errors in one file', manyErrors, 3],
      ['validate: 100,000 members, keys out of order', manyMembersUnordered, 6],
      ['fmt --check: 100,000 members, keys out of order (target 3x validate)', manyMembersUnordered, 18, ['fmt', '--check']],
    ];
    for (const [label, build, targetS, command] of cases) {
      const dir = path.join(work, String(rows.length));
      mkdirSync(dir);
      build(dir);
      const seconds: number[] = [];
      let exit = 0;
      let outputKb = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const args = command ? [command[0]!, dir, ...command.slice(1)] : ['validate', dir, '--at', '2026-11-22'];
        const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
        seconds.push((performance.now() - started) / 1000);
        exit = result.status ?? -1;
        outputKb = Math.round((result.stdout.length + result.stderr.length) / 1024);
      }
      seconds.sort((a, b) => a - b);
      rows.push({ case: label, medianS: Math.round(seconds[Math.floor(runs / 2)]! * 100) / 100, targetS, exit, outputKb, runs });
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

