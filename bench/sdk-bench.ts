// The tool's workspace read against Segment's official TypeScript SDK reading the same 10,000-user
// workspace (bench/sdk-read-once.ts: same lists and page size, 16 requests in flight). Both scripts
// are bundled first, so neither pays for compiling TypeScript, and run in fresh processes, one after
// the other, five times each after a warm-up run of each: the medians of the read itself and of the
// whole process (start-up and module loading included).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, startEmulatorProcess } from './harness.js';
import { planWorkload } from './plan-workload.js';

const RUNS = 5;

/** Bundles `entry` into node_modules/.cache (so the SDK, left external, still resolves from node_modules). */
async function bundled(entry: string, external: boolean): Promise<string> {
  const dir = path.join(ROOT, 'node_modules/.cache/segment-access-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    ...(external ? { packages: 'external' as const } : {
      banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    }),
  });
  return outfile;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function sdkBench(): Promise<Array<Record<string, string | number>>> {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-bench-'));
  try {
    const { seed } = planWorkload();
    const seedFile = path.join(work, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const readers = { ours: await bundled('bench/read-once.ts', false), sdk: await bundled('bench/sdk-read-once.ts', true) };
    const rows = [];
    for (const [label, faults] of [['loopback', undefined], ['50 ms latency', 'latency=50']] as const) {
      const emulator = await startEmulatorProcess(['--seed', seedFile, '--rate-limit', 'off', ...(faults ? ['--faults', faults] : [])]);
      const env = { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
      const runs: Record<'ours' | 'sdk', { readMs: number[]; processMs: number[]; requests: number }> = {
        ours: { readMs: [], processMs: [], requests: 0 }, sdk: { readMs: [], processMs: [], requests: 0 },
      };
      try {
        for (let i = 0; i <= RUNS; i++) {
          for (const who of ['ours', 'sdk'] as const) {
            const started = performance.now();
            const run = spawnSync(process.execPath, [readers[who]], { encoding: 'utf8', env });
            const processMs = performance.now() - started;
            if (run.status !== 0) throw new Error(`${who} read failed (${label}):\n${run.stderr}`);
            const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { wallMs: number; users: number; requests: number };
            if (r.users !== seed.users.length) throw new Error(`${who} read ${r.users} users, not ${seed.users.length}`);
            if (i === 0) continue; // warm-up: the emulator's first answers and the disk cache
            runs[who].readMs.push(r.wallMs);
            runs[who].processMs.push(processMs);
            runs[who].requests = r.requests;
          }
        }
      } finally {
        await emulator.stop();
      }
      const ours = { read: median(runs.ours.readMs), process: median(runs.ours.processMs) };
      const sdk = { read: median(runs.sdk.readMs), process: median(runs.sdk.processMs) };
      rows.push({
        scenario: label, users: seed.users.length, oursReadMs: Math.round(ours.read), sdkReadMs: Math.round(sdk.read), readRatio: (sdk.read / ours.read).toFixed(2),
        oursProcessMs: Math.round(ours.process), sdkProcessMs: Math.round(sdk.process), processRatio: (sdk.process / ours.process).toFixed(2),
        oursRequests: runs.ours.requests, sdkRequests: runs.sdk.requests,
      });
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
