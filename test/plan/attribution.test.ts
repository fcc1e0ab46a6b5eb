// Drift attribution and invite ages rely only on exact matches of documented fields, and say when
// they know nothing.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { attribute } from '../../src/plan/drift-report.js';
import type { AuditEvent } from '../../src/workspace/audit.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const event = (n: number, resourceType: string, resourceId: string, resourceName: string, actorEmail: string, type = 'Policy Deleted'): AuditEvent => ({
  id: `events/${n}`, timestamp: `2026-11-2${n}T10:00:00Z`, type, actor: 'u-someone', actorEmail, resourceId, resourceType, resourceName,
});

describe('attribution', () => {
  const events = [
    event(1, 'policy', 'uCarol', 'carol@acme.com', 'bob@acme.com'),
    event(2, 'policy', 'uAnnabel', 'annabel@acme.com', 'mallory@acme.com'), // about someone whose email contains "anna"
    event(3, 'user_group', 'gEng', 'engineers: anna@acme.com', 'eve@acme.com', 'User Added To User Group'), // a name that ends with the email
    event(4, 'invite', 'new@acme.com', 'new@acme.com', 'alice@acme.com', 'Non-Segment User Invited to Workspace'),
  ];

  it.each([
    ['a user, by the user id', { userId: 'uCarol', email: 'carol@acme.com' }, { by: 'bob@acme.com', type: 'Policy Deleted', matched: 'the user id' }],
    ['an invite, by its email', { email: 'new@acme.com' }, { by: 'alice@acme.com', matched: 'the invite email' }],
    ['a group, by its id', { groupId: 'gEng' }, { by: 'eve@acme.com', matched: 'the group id' }],
  ])('attributes %s', (_name, subject, want) => {
    expect(attribute(events, subject)).toMatchObject(want);
  });

  it('never pins an event about someone else on a person, even when the names look alike', () => {
    expect(attribute(events, { userId: 'uAnna', email: 'anna@acme.com' })).toBeUndefined();
    expect(attribute(events, { email: 'carol@acme.com' })).toBeUndefined(); // a policy event names a user by id, not an invite
  });
});

describe('invite ages and an unreadable Audit Trail', () => {
  it('re-issues a pending invite with no invite event in the 30 days read: it was sent before, so it expired', async () => {
    const seed = demoSeed();
    seed.auditEvents = [];
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    await runCli(['plan', dir, '--at', '2026-11-22'], io);

    expect(io.stdoutText).toContain('~ frank@acme.com: re-issue the pending invite\n    because acme/analytics.yaml:8:12\n    because no invite event since 2026-10-23 in the Audit Trail: sent before then, so expired\n');
  });

  it('says once that the Audit Trail could not be read, and what that costs', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'listAuditEvents', fault: 'error', status: 403, times: 5 }] });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    await runCli(['plan', dir, '--at', '2026-11-22'], io);

    const warnings = io.stdoutText.split('\n').filter((l) => l.includes('Audit Trail could not be read'));
    expect(warnings).toEqual(['warning: the Audit Trail could not be read (listAuditEvents answered HTTP 403 (the Audit Trail needs the Business tier and a Workspace Owner token)): pending invites cannot be dated, so none is re-issued unless you pass --reinvite, and drift cannot say who made a change']);
    expect(io.stdoutText).toContain('frank@acme.com: sent before the Audit Trail window or without it; its age is unknown');
  });
});
