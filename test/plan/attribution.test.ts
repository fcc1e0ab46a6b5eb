// Drift attribution and invite ages rely only on exact matches, of the subject and of the kind of
// change, and say when they know nothing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

describe('attribution with two tokens', () => {
  it('never pins another token\'s change on ours: a join is read from the group\'s events, whose actor is named', async () => {
    const seed = demoSeed();
    const other = 'other-token-secret-0000000000000000';
    seed.tokens.push({ id: 'Zz9OtherT', secret: other, description: 'someone else' });
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    // The manifests keep legacy-admins (with no members), so carol joining it is a change of hers.
    writeFileSync(path.join(cwd, dir, 'legacy.yaml'), 'version: 1\ngroups:\n  - name: legacy-admins\n    access:\n      - { role: Source Admin, sources: all }\n');
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const applied = memoryIo({ cwd, env });
    expect(await runCli(['apply', dir, '--auto-approve', '--at', '2026-11-22'], applied), applied.stderrText).toBe(0);
    // Our apply wrote policy events about carol; now the other token adds her to legacy-admins.
    const legacy = '2FkLq8Wz5Rt2Vn7Yb4Mx9Pc3Jd';
    expect((await call(emulator, 'POST', `/groups/${legacy}/users`, { emails: ['carol@acme.com'] }, other)).status).toBe(200);

    const io = memoryIo({ cwd, env });
    await runCli(['drift', dir, '--at', '2026-11-22'], io);

    const carol = io.stdoutText.split('\n').find((l) => l.startsWith('! carol@acme.com'))!;
    expect(carol).toMatch(/^! carol@acme\.com gained Source Admin on all sources \(through group legacy-admins\); joined group legacy-admins — members of group legacy-admins: by token Zz9OtherT through the Public API, \d{4}-\d\d-\d\d: members added \(2 events, newest "(User Added To User Group|Subjects Added to Group)"\)$/);
    expect(io.stdoutText).not.toMatch(/carol@acme\.com[^\n]*TJ7z8cg6/);
    expect(io.stdoutText).toContain('token Zz9OtherT wrote 2 Audit Trail events');
  });
});

describe('invite ages and an unreadable Audit Trail', () => {
  it('never re-issues a pending invite no event names (its age is unknown), and re-issues it when asked by email', async () => {
    const seed = demoSeed();
    seed.auditEvents = [];
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['plan', dir, '--at', '2026-11-22'], io)).toBe(0);
    expect(io.stdoutText).not.toContain('frank@acme.com: re-issue');
    expect(io.stdoutText).toContain('frank@acme.com: age unknown (no Audit Trail event names this email), so never re-sent by itself; --reinvite=frank@acme.com re-sends it');

    const asked = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    await runCli(['plan', '--reinvite', 'Frank@acme.com', dir, '--at', '2026-11-22'], asked);
    expect(asked.stdoutText).toContain('~ frank@acme.com: re-issue the pending invite\n    because acme/analytics.yaml:8:12\n    because --reinvite\n');

    const typo = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    expect(await runCli(['plan', dir, '--reinvite=franck@acme.com', '--at', '2026-11-22'], typo)).not.toBe(0);
    expect(typo.stderrText).toContain('--reinvite names franck@acme.com, which is not a pending invite of a member the manifests for acme-prod keep (pending: frank@acme.com)');
  });

  it('says once that the Audit Trail could not be read, and what that costs', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'listAuditEvents', fault: 'error', status: 403, times: 5 }] });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    await runCli(['plan', dir, '--at', '2026-11-22'], io);

    const warnings = io.stdoutText.split('\n').filter((l) => l.includes('Audit Trail could not be read'));
    expect(warnings).toEqual(['warning: the Audit Trail could not be read (listAuditEvents answered HTTP 403 (the Audit Trail needs the Business tier and a Workspace Owner token)): pending invites cannot be dated, so none is re-issued unless you pass --reinvite, and drift cannot say who made a change']);
    expect(io.stdoutText).toContain('frank@acme.com: age unknown (no Audit Trail event names this email)');
  });
});
