// (Run by .ci/run through npm run test:heavy, not by npm test.) Apply under faults: 10% 5xx, 5% resets, responses lost after applying, 429 bursts — and an apply
// killed midway. Both must end in the desired state with every intended change made exactly once.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { parseFaults } from '../../src/emulator/faults.js';
import { parseRateLimit } from '../../src/emulator/rate-limit.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { bigWorkspace } from '../helpers/big-workspace.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { CLI, spawnEmulator } from '../helpers/spawn.js';
import { readFileSync, writeFileSync } from 'node:fs';

/** Counts audit events per (type, resource) for the kinds that must never repeat. */
function duplicates(events: EmulatorState['auditEvents']): string[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (!/Invited|Added To User Group|User Group Created|Policy Updated/.test(e.type)) continue;
    const key = `${e.type} ${e.resourceName}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
}

describe('apply under faults', () => {
  it('applies a 350-call plan through 5xx, resets, lost responses and 429 bursts, exactly once each', async () => {
    const { seed, cwd, dir } = bigWorkspace();
    const emulator = await testEmulator({
      seed, rateLimit: parseRateLimit('60/s'), faults: parseFaults('5xx=0.1,reset=0.05,lost=0.03,429=0.03'), faultSeed: 17,
    });
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', dir, '--auto-approve'], io);
    const again = memoryIo({ cwd, env });
    const second = await runCli(['plan', dir, '--detailed-exitcode'], again);

    expect(io.stderrText).not.toContain('Error');
    expect(code).toBe(0);
    const steps = Number(/Applying (\d+) calls/.exec(io.stdoutText)![1]);
    expect(steps).toBeGreaterThanOrEqual(300);
    expect(io.stdoutText).toContain('Verified: No changes.');
    expect(second).toBe(0);
    expect(again.stdoutText).toContain('No changes. The workspace matches the manifests.');
    const faults = emulator.faults!.counts;
    expect(faults.error).toBeGreaterThan(10);
    expect(faults.reset).toBeGreaterThan(5);
    expect(faults.lost).toBeGreaterThan(3);
    expect(faults['rate-limited']).toBeGreaterThan(3);
    expect(duplicates(emulator.store.state.auditEvents)).toEqual([]);
    expect(emulator.store.state.groups).toHaveLength(50);
    expect(emulator.store.state.invites).toHaveLength(60);
  }, 60_000);

  it('converges after an apply is killed midway: plan and apply again, no duplicates', async () => {
    const { seed, cwd, dir } = bigWorkspace();
    const seedFile = path.join(cwd, 'seed.json');
    const stateFile = path.join(cwd, 'state.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const emulator = await spawnEmulator(['--seed', seedFile, '--state', stateFile, '--rate-limit', '60/s', '--quiet']);
    const env = { ...process.env, SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    try {
      const apply = spawn(process.execPath, [...CLI, 'apply', dir, '--auto-approve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => apply.once('exit', (c) => resolve(c)));
      let progressLines = 0;
      createInterface({ input: apply.stdout! }).on('line', (line) => {
        if (/^\[\d+\/\d+\] ok /.test(line) && ++progressLines === 120) apply.kill('SIGKILL');
      });
      expect(await exited).toBeNull(); // killed, not finished

      const planIo = memoryIo({ cwd, env });
      const remaining = await runCli(['plan', dir, '--detailed-exitcode'], planIo);
      const applyIo = memoryIo({ cwd, env });
      const code = await runCli(['apply', dir, '--auto-approve'], applyIo);
      const finalIo = memoryIo({ cwd, env });
      const final = await runCli(['plan', dir, '--detailed-exitcode'], finalIo);

      expect(remaining).toBe(2);
      expect(code).toBe(0);
      expect(final).toBe(0);
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as EmulatorState;
      expect(duplicates(state.auditEvents)).toEqual([]);
      expect(state.invites).toHaveLength(60);
    } finally {
      emulator.child.kill('SIGTERM');
      await emulator.exited;
    }
  }, 60_000);
});
