import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/emulator/faults.js';
import { call, P, testEmulator } from '../helpers/emulator.js';
import { spawnEmulator } from '../helpers/spawn.js';
import { tempDir } from '../helpers/tmp.js';

async function invite(url: string, token: string, email: string): Promise<number | 'reset'> {
  try {
    const res = await request(`${url}/invites`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invites: [{ email }] }),
    });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return 'reset';
  }
}

describe('emulator: faults', () => {
  it('parses a fault spec', () => {
    expect(parseFaults('latency=10-30,5xx=0.1,reset=5%,lost=0.02,429=0.05,burst=4')).toEqual({
      latencyMs: [10, 30], serverError: 0.1, reset: 0.05, lost: 0.02, burst429: 0.05, burstLength: 4,
    });
    expect(() => parseFaults('5xx=2')).toThrow('between 0 and 1');
    expect(() => parseFaults('gremlins=1')).toThrow('unknown fault');
  });

  it('injects each kind of fault deterministically for a seed, and applies "lost" mutations', async () => {
    const faults = parseFaults('5xx=0.2,reset=0.1,lost=0.1,429=0.1');
    const runOnce = async () => {
      const emulator = await testEmulator({ faults, faultSeed: 3 });
      const outcomes = [];
      for (let i = 0; i < 60; i++) outcomes.push(await invite(emulator.url, emulator.token, `u${i}@x.com`));
      const state = emulator.store.state.invites.map((i) => i.email);
      return { outcomes, state, counts: { ...emulator.faults!.counts } };
    };

    const a = await runOnce();
    const b = await runOnce();

    expect(a).toEqual(b);
    expect(a.counts.error).toBeGreaterThan(0);
    expect(a.counts.reset).toBeGreaterThan(0);
    expect(a.counts.lost).toBeGreaterThan(0);
    expect(a.counts['rate-limited']).toBeGreaterThan(0);
    const acknowledged = a.outcomes.flatMap((o, i) => (o === 201 ? [`u${i}@x.com`] : []));
    expect(a.state.length).toBe(acknowledged.length + a.counts.lost + 1); // +1: the seeded invite
  });

  it('loses no acknowledged mutation and keeps the state file valid JSON when killed mid-stream', async () => {
    const stateFile = path.join(tempDir(), 'state.json');
    const emulator = await spawnEmulator(['--state', stateFile, '--rate-limit', 'off', '--quiet', '--faults', '5xx=0.1,reset=0.05,429=0.05,lost=0.05', '--fault-seed', '11']);
    const acknowledged: string[] = [];
    let parsedWhileRunning = 0;
    let killed = false;

    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !killed; i++) {
        const email = `w${w}-${i}@x.com`;
        if ((await invite(emulator.url, emulator.token, email)) === 201) acknowledged.push(email);
        JSON.parse(readFileSync(stateFile, 'utf8'));
        parsedWhileRunning++;
        if (acknowledged.length >= 120 && !killed) {
          killed = true;
          emulator.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(workers);
    await emulator.exited;

    const afterKill = JSON.parse(readFileSync(stateFile, 'utf8'));
    const stored = new Set(afterKill.invites.map((i: any) => i.email));
    expect(parsedWhileRunning).toBeGreaterThan(100);
    expect(acknowledged.filter((e) => !stored.has(e))).toEqual([]);

    const restarted = await testEmulator({ stateFile });
    const listed = await call(restarted, 'GET', `/invites?${P}`);
    expect(new Set(listed.body.data.invites)).toEqual(stored);
  });
});
