// `segment-access import` of the 10,000-user workspace as one whole process (node start-up and module
// loading included), at 50 ms per answer: against the network floor (its requests, 16 in flight, 50 ms
// each) and against Segment's official SDK reading the same lists as its docs would have one write it
// (bench/sdk-read-once.ts with SDK_STYLE=docs: 200 per page, lists in turn, group reads 16 at a time).
// Medians of 5 fresh processes each, alternated, after a warm-up of each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, startEmulatorProcess } from './harness.js';
import { planWorkload } from './plan-workload.js';

const RUNS = 5;
const LATENCY_MS = 50;
const IN_FLIGHT = 16;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function importBench(): Promise<Array<Record<string, string | number>>> {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-import-'));
  try {
    const { seed } = planWorkload();
    const seedFile = path.join(work, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const cache = path.join(ROOT, 'node_modules/.cache/segment-access-bench');
    mkdirSync(cache, { recursive: true });
    const sdkReader = path.join(cache, 'sdk-read-once.mjs');
    await build({ entryPoints: [path.join(ROOT, 'bench/sdk-read-once.ts')], outfile: sdkReader, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
    const oursReader = path.join(cache, 'read-once.mjs');
    await build({
      entryPoints: [path.join(ROOT, 'bench/read-once.ts')], outfile: oursReader, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
      banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    });
    const emulator = await startEmulatorProcess(['--seed', seedFile, '--rate-limit', 'off', '--faults', `latency=${LATENCY_MS}`]);
    const env = { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const times = { import: [] as number[], sdk: [] as number[] };
    let sdkRequests = 0;
    try {
      // The requests an import makes: the same read as bench/read-once.ts.
      const probe = JSON.parse(spawnSync(process.execPath, [oursReader], { encoding: 'utf8', env: { ...env, READ_FOR: 'import' } }).stdout.trim().split('\n').at(-1)!) as { requests: number };
      for (let i = 0; i <= RUNS; i++) {
        const out = path.join(work, `out-${i}`);
        let started = performance.now();
        const ours = spawnSync(process.execPath, [path.join(ROOT, 'bin/segment-access.js'), 'import', '--out', out, '--slug', seed.workspace.slug], { encoding: 'utf8', env });
        const importMs = performance.now() - started;
        if (ours.status !== 0) throw new Error(`import failed:\n${ours.stderr}`);
        started = performance.now();
        const sdk = spawnSync(process.execPath, [sdkReader], { encoding: 'utf8', env: { ...env, SDK_STYLE: 'docs' } });
        const sdkMs = performance.now() - started;
        if (sdk.status !== 0) throw new Error(`SDK read failed:\n${sdk.stderr}`);
        sdkRequests = (JSON.parse(sdk.stdout.trim().split('\n').at(-1)!) as { requests: number }).requests;
        rmSync(out, { recursive: true, force: true });
        if (i === 0) continue;
        times.import.push(importMs);
        times.sdk.push(sdkMs);
      }
      const floor = Math.ceil(probe.requests / IN_FLIGHT) * LATENCY_MS;
      const ours = median(times.import);
      const sdk = median(times.sdk);
      return [{
        scenario: `${LATENCY_MS} ms per answer`, users: seed.users.length, requests: probe.requests, floorMs: floor,
        importMs: Math.round(ours), importToFloor: (ours / floor).toFixed(2),
        sdkDocsMs: Math.round(sdk), sdkRequests, importToSdk: (ours / sdk).toFixed(2),
      }];
    } finally {
      await emulator.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
