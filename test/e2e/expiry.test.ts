// Temporary access over time: the agency developer's destination grant ends on 2026-12-31 and the
// membership on 2027-01-31. Planning at later dates removes exactly that access, saying why.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

describe('expirations applied at --at', () => {
  it('drops an expired grant, then the expired member, each with the expiry as the reason', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    expect(await runCli(['apply', dir, '--auto-approve', '--at', '2026-11-22'], memoryIo({ cwd, env }))).toBe(0);
    await call(emulator, 'POST', '/__emulator/invites/accept', { email: 'dev@agency.io' });

    const january = memoryIo({ cwd, env });
    await runCli(['plan', dir, '--at', '2027-01-05'], january);
    const february = memoryIo({ cwd, env });
    await runCli(['plan', dir, '--at', '2027-02-01'], february);

    expect(january.stdoutText).toContain('~ dev@agency.io: change access, membership expires 2027-01-31, in 26 days\n'
      + '    because acme/engineering.yaml:21:12\n    because expired 2026-12-31: Source Admin (acme/engineering.yaml:28:66)\n-     Source Admin on web-prod [sensitive: web-prod]\n'
      // What dev keeps stands beside what goes.
      + '      keeps Source Admin on web-staging, until 2027-01-31 (in 26 days)\n      keeps Source Read-only on all sources [sensitive: ios-prod, server-prod, web-prod] (group engineers)\n');
    expect(february.stdoutText).toContain('- dev@agency.io: remove from the workspace\n    because expired 2027-01-31: membership (acme/engineering.yaml:23:14)\n'
      + '-     Source Admin on web-prod [sensitive: web-prod]\n-     Source Admin on web-staging\n-     Source Read-only on all sources [sensitive: ios-prod, server-prod, web-prod] (group engineers)\n-     group engineers\n');
  });
});
