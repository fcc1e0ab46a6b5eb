// `npm run bench`: the benchmarks (not part of `npm test`). Figures go to bench/results/*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, table } from './harness.js';
import { planBench } from './plan-bench.js';
import { applyBench } from './apply-bench.js';
import { readBench } from './read-bench.js';
import { cliBench } from './cli-bench.js';

const only = process.argv[2];
const results: Record<string, unknown> = {};
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });

if (!only || only === 'plan') {
  console.log('plan: 10,000 users, 200 groups, 1,000 sources; manifests differ in ~5% of members');
  console.log('wallMs: validate + read + resolve + plan + render in one process; processWallMs adds process start-up (tsx)\n');
  const rows = await planBench();
  console.log(`${table(rows)}\n`);
  results.plan = rows;
  writeFileSync(path.join(ROOT, 'bench/results/plan.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}

if (!only || only === 'apply') {
  console.log('apply: over 1,000 mutations, emulator limited to 60 calls per second per endpoint');
  console.log('lowerBoundMs: per phase, the most calls on one endpoint / rate, summed; ratio = wall / bound\n');
  const rows = await applyBench();
  console.log(`${table(rows)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results/apply.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}

if (!only || only === 'read') {
  console.log('read: 10,000 users read one by one (listUsers without permissions), 50 ms latency, a read limit');
  console.log('lowerBoundMs: getUser calls / the read limit; goal: no 429 and ratio <= 1.2\n');
  const rows = await readBench();
  console.log(`${table(rows)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results/read.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}

if (!only || only === 'cli') {
  console.log('cli: whole-process runs of dist/cli.js on examples/acme (node start-up included), 11 each\n');
  const rows = cliBench();
  console.log(`${table(rows)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results/cli.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}
