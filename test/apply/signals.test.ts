// A cancelled apply is recorded (SIGINT, SIGTERM, SIGHUP), with a real child process: the first
// signal stops new calls, the calls in flight finish, the evidence says `cancelled` and what was done,
// and the exit code is 128 + the signal; a second signal writes the record at once and exits.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/emulator/faults.js';
import { testEmulator } from '../helpers/emulator.js';
import { CLI } from '../helpers/spawn.js';
import { copyExample } from '../helpers/workspace-copy.js';

async function applyUntil(signals: NodeJS.Signals[], latency = 300) {
  // Every answer takes `latency` ms, so the signal lands while the apply is between its calls.
  const emulator = await testEmulator({ faults: parseFaults(`latency=${latency}`) });
  const { cwd, dir } = copyExample();
  const child = spawn(process.execPath, [...CLI, 'apply', dir, '--auto-approve', '--at', '2026-11-22'], {
    cwd, env: { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let [first, ...later] = signals;
  child.stderr!.on('data', (d) => {
    stderr += String(d);
    // Each later signal is sent once the one before it was taken (two at once may arrive in any order).
    if (first && later.length && stderr.includes(`${first}: no new call starts`)) {
      first = later[0];
      child.kill(later.shift()!);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  let stdout = '';
  let sent = false;
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    // The first call is done: the next ones are in flight or waiting.
    if (!sent && /\[1\/6\] ok /.test(line)) {
      sent = true;
      child.kill(signals[0]!);
    }
  });
  const code = await exited;
  const folder = path.join(cwd, '.segment-access', 'evidence');
  const files = readdirSync(folder);
  const evidence = JSON.parse(readFileSync(path.join(folder, files[0]!), 'utf8'));
  return { code, stdout, stderr, evidence, files, sentCalls: emulator.stats.byOperation };
}

describe('a cancelled apply', () => {
  it.each<[NodeJS.Signals, number]>([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]])('%s: no new call, the evidence says cancelled, exit %i', async (signal, exit) => {
    const { code, stderr, evidence, files } = await applyUntil([signal]);
    expect(code).toBe(exit);
    expect(stderr).toContain(`${signal}: no new call starts; the calls in flight finish, then the evidence is written`);
    expect(stderr).toMatch(new RegExp(`Cancelled by ${signal}: \\d+ calls? done, \\d+ not started`));
    expect(stderr).toMatch(/Evidence: \.segment-access\/evidence\/.*-acme-prod\.json/);
    expect(files).toHaveLength(1);
    expect(evidence).toMatchObject({ outcome: 'cancelled', cancelled_by: signal, verification: { status: 'not-run' } });
    const statuses = evidence.operations.map((o: { status: string }) => o.status);
    expect(statuses[0]).toBe('done');
    expect(statuses).toContain('not-attempted');
    expect(statuses).not.toContain('unknown');
  }, 30_000);

  it('a second signal writes the record at once, with the calls in flight as unknown, and exits', async () => {
    const { code, stderr, evidence } = await applyUntil(['SIGINT', 'SIGTERM'], 1000);
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGTERM: stopped at once; evidence \(calls in flight recorded as unknown\): \.segment-access\/evidence\/.*\.json; run plan to see what is left/);
    expect(evidence).toMatchObject({ outcome: 'interrupted', cancelled_by: 'SIGINT, then SIGTERM' });
    const statuses = evidence.operations.map((o: { status: string }) => o.status);
    expect(statuses[0]).toBe('done');
    expect(statuses).toContain('unknown');
  }, 30_000);
});
