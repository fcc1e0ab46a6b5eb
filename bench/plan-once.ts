// One measured `plan` run in a fresh process (so peak RSS is the tool's own): validate, read the
// workspace over HTTP, resolve, plan, render. Prints its figures as one JSON line.
import { renderText } from '../src/plan/render-text.js';
import { defaultPorts } from '../src/adapters/default-ports.js';
import { prepare } from '../src/usecases/prepare.js';

const [dir] = process.argv.slice(2);
const started = performance.now();
const ports = await defaultPorts({ env: process.env, cwd: process.cwd() });
const prepared = await prepare(ports, { dir: dir!, at: new Date('2026-11-22T00:00:00Z') });
const text = renderText(prepared.plan);
const wallMs = performance.now() - started;

// The planner alone (pure diff), timed separately on the same inputs, best of 3.
const { plan } = await import('../src/plan/plan.js');
let plannerMs = Infinity;
for (let i = 0; i < 3; i++) {
  const cpu = process.cpuUsage();
  plan(prepared.desired, prepared.actual, { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 'bench', manifestDigest: 'x' });
  const used = process.cpuUsage(cpu);
  plannerMs = Math.min(plannerMs, (used.user + used.system) / 1000);
}
const stats = prepared.connection.client.stats;
await prepared.connection.close();
console.log(JSON.stringify({
  wallMs: Math.round(wallMs), plannerCpuMs: Math.round(plannerMs), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited, operations: prepared.plan.operations.length,
  summary: prepared.plan.summary, textLength: text.length, byOperation: stats.byOperation,
}));
