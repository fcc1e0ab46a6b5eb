import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { localStatePath } from '../../src/emulator/local.js';
import { memoryIo } from '../helpers/io.js';
import { spawnEmulator } from '../helpers/spawn.js';
import { tempDir } from '../helpers/tmp.js';

describe('segment-access emulator', () => {
  it('prints where it listens, serves the documented envelope, and stops cleanly on SIGTERM', async () => {
    const emulator = await spawnEmulator([]);

    const withToken = await request(`${emulator.url}/users?pagination%5Bcount%5D=2`, { headers: { authorization: `Bearer ${emulator.token}` } });
    const body = (await withToken.body.json()) as any;
    const without = await request(`${emulator.url}/users?pagination%5Bcount%5D=2`);
    const unauthorized = await without.body.json();
    emulator.child.kill('SIGTERM');

    expect(emulator.firstLine).toMatch(/^Segment API emulator listening on http:\/\/127\.0\.0\.1:\d+ \(workspace acme-prod, token sgp_\w+\)$/);
    expect(body.data.users).toHaveLength(2);
    expect(body.data.pagination.next).toBe('Mg==');
    expect(without.statusCode).toBe(401);
    expect(unauthorized).toEqual({ errors: [{ type: 'Unauthorized', message: 'Missing or invalid token' }] });
    expect(await emulator.exited).toBe(0);
  });

  it('writes a generated scale seed', async () => {
    const out = path.join(tempDir(), 'seed.json');
    const io = memoryIo();

    const code = await runCli(['emulator', '--generate', 'users=3000,groups=20,sources=50', '--seed-out', out], io);

    const seed = JSON.parse(readFileSync(out, 'utf8'));
    expect(code).toBe(0);
    expect(seed.users).toHaveLength(3000);
    expect(seed.groups[0].members.length).toBeGreaterThan(1000);
    expect(seed.sources[0].labels).toContainEqual({ key: 'environment', value: 'prod', description: '' });
    expect(io.stdoutText).toMatch(/^wrote .*seed\.json: 3000 users, 30 invites, 20 groups, 50 sources/);
  });

  it('refuses a bad fault spec with a clear error and exit 1', async () => {
    const io = memoryIo();

    const code = await runCli(['emulator', '--faults', 'gremlins=1'], io);

    expect(code).toBe(1);
    expect(io.stderrText).toBe('Error: unknown fault "gremlins": use latency, 5xx, reset, lost, 429 or burst\n');
  });

  it('local reset restores the demo seed', async () => {
    const cwd = tempDir();
    const io = memoryIo({ cwd });

    const code = await runCli(['local', 'reset'], io);

    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(localStatePath(cwd, 'acme-prod'), 'utf8')).workspace.slug).toBe('acme-prod');
  });
});
