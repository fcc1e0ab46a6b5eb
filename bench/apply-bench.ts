// Benchmark of `apply`: over 1,000 mutations against an emulator limited to 60 calls per second per
// endpoint. Reports wall time next to the lower bound the limits imply, their ratio, 429s and retries;
// once without faults, once with them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lowerBoundMs } from '../src/plan/duration.js';
import { defaultPorts } from '../src/adapters/default-ports.js';
import { applyExit, applyWorkspace } from '../src/usecases/apply.js';
import { startEmulatorProcess } from './harness.js';
import { applyWorkload } from './apply-workload.js';

const RATE = { perWindow: 60, windowMs: 1000 };

export async function applyBench(): Promise<Array<Record<string, string | number>>> {
  const rows = [];
  for (const [label, faults] of [['no faults', undefined], ['faults: 5xx=0.1,reset=0.05,lost=0.02,429=0.02', '5xx=0.1,reset=0.05,lost=0.02,429=0.02']] as const) {
    const work = mkdtempSync(path.join(tmpdir(), 'segment-access-apply-'));
    try {
      const seed = applyWorkload(path.join(work, 'manifests'));
      writeFileSync(path.join(work, 'seed.json'), JSON.stringify(seed));
      const emulator = await startEmulatorProcess(['--seed', path.join(work, 'seed.json'), '--rate-limit', '60/s', ...(faults ? ['--faults', faults, '--fault-seed', '5'] : [])]);
      const ports = await defaultPorts({ env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token }, cwd: work });
      const outcome = await applyWorkspace(ports, { dir: 'manifests', autoApprove: true, at: new Date() });
      await emulator.stop();
      if (!('report' in outcome) || !outcome.report) throw new Error(`apply ended ${outcome.kind}`);
      const report = outcome.report;
      const bound = lowerBoundMs(outcome.plan.operations, RATE.perWindow, RATE.windowMs);
      const retries = report.results.reduce((n, r) => n + r.attempts - 1, 0);
      const stats = outcome.stats;
      rows.push({
        scenario: label, exit: applyExit(outcome), mutations: report.results.length, wallMs: report.wallMs, lowerBoundMs: Math.round(bound),
        ratio: (report.wallMs / bound).toFixed(3), requests: stats?.requests ?? 0, answered429: stats?.rateLimited ?? 0,
        percent429: stats ? `${((stats.rateLimited / stats.requests) * 100).toFixed(2)}%` : 'n/a', stepRetries: retries,
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}
