// Benchmark of `plan` on a 10,000-user workspace: loopback, then with 50 ms added to every response.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, startEmulatorProcess } from './harness.js';
import { planWorkload, writeManifests } from './plan-workload.js';

export async function planBench(): Promise<Array<Record<string, string | number>>> {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-bench-'));
  try {
    const { seed, minimumReads } = planWorkload();
    const seedFile = path.join(work, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const { differing } = writeManifests(seed, path.join(work, 'manifests'));
    const rows = [];
    for (const [label, faults] of [['loopback', undefined], ['50 ms latency', 'latency=50']] as const) {
      const emulator = await startEmulatorProcess(['--seed', seedFile, '--rate-limit', 'off', ...(faults ? ['--faults', faults] : [])]);
      const spawnedAt = performance.now();
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/plan-once.ts'), path.join(work, 'manifests')], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token },
      });
      const processWallMs = Math.round(performance.now() - spawnedAt);
      // What a person waits for: the prebuilt CLI as a whole process, median of 5.
      const cliSeconds: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'plan', path.join(work, 'manifests'), '--format', 'json', '--at', '2026-11-22'], {
          encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token },
        });
        cliSeconds.push((performance.now() - t0) / 1000);
        if (cli.status !== 0 && cli.status !== 2) throw new Error(`cli plan failed (${label}):\n${cli.stderr}`);
      }
      cliSeconds.sort((a, b) => a - b);
      await emulator.stop();
      if (run.status !== 0) throw new Error(`plan run failed (${label}):\n${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      rows.push({
        scenario: label, users: seed.users.length, groups: seed.groups.length, sources: seed.sources.length, differingMembers: differing,
        cliMedianS: Math.round(cliSeconds[2]! * 100) / 100, cliFastestS: Math.round(cliSeconds[0]! * 100) / 100, cliTargetS: faults ? 3 : 2, wallMs: r.wallMs, processWallMs, plannerCpuMs: r.plannerCpuMs, peakRssMb: r.peakRssMb, requests: r.requests, minimumReads,
        requestsOverMinimum: `${(((r.requests - minimumReads) / minimumReads) * 100).toFixed(1)}%`, operations: r.operations,
      });
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
