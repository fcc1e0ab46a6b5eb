// Reads at scale: 10,000 users whose list omits permissions (as the spec's listUsers example does),
// so each needs its own getUser, behind 50 ms of latency and a read limit. The client must pace
// itself by the X-RateLimit headers: goal, no 429 and a wall time within 1.2x of what the limit allows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSeed } from '../src/emulator/generate-seed.js';
import { ROOT, startEmulatorProcess } from './harness.js';

export const READ_LIMIT_PER_SECOND = 300;

export async function readBench(): Promise<Array<Record<string, string | number>>> {
  const work = mkdtempSync(path.join(tmpdir(), 'segment-access-bench-'));
  try {
    const seed = generateSeed({ users: 10_000, groups: 20, sources: 50, invites: 0 });
    const seedFile = path.join(work, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const emulator = await startEmulatorProcess(['--seed', seedFile, '--rate-limit', 'off', '--omit-list-permissions',
      '--read-rate-limit', `${READ_LIMIT_PER_SECOND}/s`, '--faults', 'latency=50']);
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/read-once.ts')], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token },
    });
    await emulator.stop();
    if (run.status !== 0) throw new Error(`read run failed:\n${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    const boundMs = Math.round((r.getUser / READ_LIMIT_PER_SECOND) * 1000);
    return [{
      scenario: `10,000 users, permissions per user, 50 ms latency, ${READ_LIMIT_PER_SECOND} reads/s per endpoint`,
      wallMs: r.wallMs, lowerBoundMs: boundMs, ratio: (r.wallMs / boundMs).toFixed(2), requests: r.requests, getUser: r.getUser,
      answers429: r.rateLimited, pacedMs: r.waitedMs,
    }];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
