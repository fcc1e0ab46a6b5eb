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
      await emulator.stop();
      if (run.status !== 0) throw new Error(`plan run failed (${label}):\n${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      rows.push({
        scenario: label, users: seed.users.length, groups: seed.groups.length, sources: seed.sources.length, differingMembers: differing,
        wallMs: r.wallMs, processWallMs, plannerCpuMs: r.plannerCpuMs, peakRssMb: r.peakRssMb, requests: r.requests, minimumReads,
        requestsOverMinimum: `${(((r.requests - minimumReads) / minimumReads) * 100).toFixed(1)}%`, operations: r.operations,
      });
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
