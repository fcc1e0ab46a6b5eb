// Many workspaces in one command: 20 workspace folders of 500 members each under one root, planned
// by one `plan ROOT --local` process (workspaces read and planned WORKSPACE_CONCURRENCY at a time).
// Each workspace's local state is a generated 500-user seed; its manifests differ in ~5% of members.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSeed } from '../src/emulator/generate-seed.js';
import { localStatePath } from '../src/emulator/local.js';
import { ROOT } from './harness.js';
import { writeManifests } from './plan-workload.js';

export function workspacesBench(count = 20, users = 500, runs = 3): Array<Record<string, string | number>> {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-workspaces-'));
  try {
    let differing = 0;
    for (let i = 0; i < count; i++) {
      const slug = `ws-${String(i).padStart(2, '0')}`;
      const seed = generateSeed({ users, groups: 20, sources: 50, seed: 100 + i, slug });
      const file = localStatePath(work, slug);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(seed));
      differing += writeManifests(seed, path.join(work, 'access', slug)).differing;
    }
    const seconds: number[] = [];
    const rss: number[] = [];
    let exit = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      // GNU time reports the process's peak resident set size (KB) on stderr's last line.
      const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(ROOT, 'dist/cli.js'), 'plan', 'access', '--local', '--format', 'json', '--at', '2026-11-22'], {
        cwd: work, encoding: 'utf8', maxBuffer: 1 << 30,
      });
      seconds.push((performance.now() - t0) / 1000);
      rss.push(Number(run.stderr.trim().split('\n').at(-1)) / 1024);
      exit = run.status ?? -1;
      if (exit !== 0) throw new Error(`plan over ${count} workspaces failed:\n${run.stderr.slice(-2000)}`);
    }
    seconds.sort((a, b) => a - b);
    rss.sort((a, b) => a - b);
    return [{
      workspaces: count, membersEach: users, differingMembers: differing, medianS: Math.round(seconds[Math.floor(runs / 2)]! * 100) / 100,
      fastestS: Math.round(seconds[0]! * 100) / 100, peakRssMb: Math.round(rss[Math.floor(runs / 2)]!), exit, runs,
    }];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
