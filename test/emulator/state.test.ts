import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, P, testEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/tmp.js';

describe('emulator: state file', () => {
  it('writes the state after every acknowledged mutation and continues from it after a restart', async () => {
    const stateFile = path.join(tempDir(), 'state.json');
    const first = await testEmulator({ stateFile });
    await call(first, 'POST', '/invites', { invites: [{ email: 'new@acme.com' }] });
    const onDisk = JSON.parse(readFileSync(stateFile, 'utf8'));
    await first.close();

    const second = await testEmulator({ stateFile });
    const invites = await call(second, 'GET', `/invites?${P}`);
    const events = await call(second, 'GET', `/audit-events?${P}`);

    expect(onDisk.invites.map((i: any) => i.email)).toEqual(['frank@acme.com', 'new@acme.com']);
    expect(invites.body.data.invites).toEqual(['frank@acme.com', 'new@acme.com']);
    expect(events.body.data.events).toHaveLength(2); // the seed's invite event and ours
  });

  it('serializes concurrent mutations so that none is lost', async () => {
    const stateFile = path.join(tempDir(), 'state.json');
    const emulator = await testEmulator({ stateFile });

    await Promise.all(Array.from({ length: 40 }, (_, i) => call(emulator, 'POST', '/groups', { name: `g${i}` })));

    const onDisk = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(onDisk.groups).toHaveLength(42);
    expect(onDisk.auditEvents.map((e: any) => e.id)).toEqual(Array.from({ length: 41 }, (_, i) => `events/${i + 1}`));
  });
});
