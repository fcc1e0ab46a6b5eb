// `npm run bench`: the benchmarks (not part of `npm test`). Figures go to bench/results/*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, table } from './harness.js';
import { planBench } from './plan-bench.js';
import { applyBench } from './apply-bench.js';
import { readBench } from './read-bench.js';
import { cliBench } from './cli-bench.js';
import { scaleBench } from './scale-bench.js';
import { workspacesBench } from './workspaces-bench.js';
import { sdkBench } from './sdk-bench.js';
import { importBench } from './import-bench.js';

const only = process.argv[2];
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });

/** Runs one benchmark unless another was asked for: prints its table and keeps its figures. */
async function section(name: string, intro: string[], run: () => Promise<Array<Record<string, string | number>>> | Array<Record<string, string | number>>) {
  if (only && only !== name) return;
  console.log(`${intro.join('\n')}\n`);
  const rows = await run();
  console.log(`${table(rows)}\n`);
  writeFileSync(path.join(ROOT, `bench/results/${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}

await section('plan', [
  'plan: 10,000 users, 200 groups, 1,000 sources; manifests differ in ~5% of members',
  'wallMs: validate + read + resolve + plan + render in one process; processWallMs adds process start-up (tsx)',
], planBench);
await section('sdk', [
  "sdk: reading the 10,000-user workspace, the tool's read (bench/read-once.ts) against Segment's official SDK (bench/sdk-read-once.ts)",
  'both bundled, 16 requests in flight, 1,000 per page; medians of 5 fresh processes each, alternated; ratio = SDK / ours',
], sdkBench);
await section('import', [
  'import: `segment-access import` of the 10,000-user workspace, whole process, 50 ms per answer',
  'floorMs: requests / 16 in flight x 50 ms; sdkDocs: the official SDK read as its docs would have it written (200 per page, lists in turn, group reads 16 at a time)',
], importBench);
await section('apply', [
  'apply: over 1,000 mutations, emulator limited to 60 calls per second per endpoint',
  'lowerBoundMs: per phase, the most calls on one endpoint / rate, summed; ratio = wall / bound',
], applyBench);
await section('read', [
  'read: 10,000 users read one by one (listUsers without permissions), 50 ms latency, a read limit',
  'lowerBoundMs: getUser calls / the read limit; goal: no 429 and ratio <= 1.2',
], readBench);
await section('cli', ['cli: whole-process runs of dist/cli.js on examples/acme (node start-up included), 11 each'], () => cliBench());
await section('scale', ['scale: whole-process `validate` and `fmt` (dist/cli.js) on inputs built to expose quadratic paths, median of 3'], () => scaleBench());
await section('workspaces', ['workspaces: 20 workspace folders of 500 members under one root, `plan ROOT --local` as one process (dist/cli.js), median of 3'], () => workspacesBench());
