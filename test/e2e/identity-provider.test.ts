// An identity provider that provisions people and groups (SCIM), `policy.ignore`, and
// `policy.unmanaged` per kind, planned against the local emulator's demo workspace:
// nobody the identity provider owns is invited or removed, its groups' members are only reported,
// and their access is still managed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

interface PlanJson {
  changes: Array<{ subject: { email?: string; name?: string }; actions: string[] }>;
  operations: Array<{ params: { kind: string; invites?: Array<{ email: string }>; emails?: string[]; group?: { name?: string } } }>;
  warnings: Array<{ code: string; message: string }>;
}

async function plan(policy: string, members?: (text: string) => string): Promise<PlanJson> {
  const { cwd, dir } = copyExample();
  const ws = path.join(cwd, dir, 'workspace.yaml');
  writeFileSync(ws, readFileSync(ws, 'utf8').replace('  unmanaged: remove\n', policy));
  if (members) {
    const eng = path.join(cwd, dir, 'engineering.yaml');
    writeFileSync(eng, members(readFileSync(eng, 'utf8')));
  }
  const io = memoryIo({ cwd });
  expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--format', 'json'], io), io.stderrText).toBe(0);
  return JSON.parse(io.stdoutText) as PlanJson;
}
const codes = (p: PlanJson, code: string) => p.warnings.filter((w) => w.code === code).map((w) => w.message);
const invited = (p: PlanJson) => p.operations.filter((o) => o.params.kind === 'createInvites').flatMap((o) => o.params.invites!.map((i) => i.email));
const subjects = (p: PlanJson) => p.changes.map((c) => c.subject.email ?? `group ${c.subject.name}`);

describe('identity provider, ignore, unmanaged per kind', () => {
  it('waits for the identity provider to create its people, and reports its groups\' members', async () => {
    const p = await plan('  unmanaged: remove\n  identityProvider:\n    domains: [agency.io]\n    groups: [engineers]\n');

    expect(invited(p)).toEqual(['dan@acme.com', 'grace@acme.com']);
    expect(codes(p, 'waiting-for-idp')).toEqual(['waiting for the identity provider to create dev@agency.io (their access and groups follow once they are in the workspace)']);
    expect(codes(p, 'idp-group-membership')).toEqual(['dan@acme.com should be in group engineers: add them in the identity provider, which syncs that group']);
    expect(p.operations.filter((o) => o.params.kind === 'addUsersToUserGroup')).toEqual([]);
    // Access is still managed, for people and for the synced group's permissions.
    expect(subjects(p)).toContain('carol@acme.com');
  });

  it('never removes someone the identity provider provisions, and says where to remove them', async () => {
    const p = await plan('  unmanaged: remove\n  identityProvider:\n    domains: [ACME.com]\n');
    expect(subjects(p)).not.toContain('mallory@acme.com');
    expect(codes(p, 'left-to-idp')).toEqual(['mallory@acme.com is in the workspace but in no manifest; the identity provider provisions them, so it is left as it is: remove them there, add them to a manifest, or list them in policy.identityProvider.except if they were invited by hand']);
    // dan and grace are acme.com people not in the workspace yet; frank's invite stays as it is.
    expect(codes(p, 'waiting-for-idp')).toEqual([
      'waiting for the identity provider to create dan@acme.com (their access and groups follow once they are in the workspace)',
      'frank@acme.com has a pending invite; the identity provider provisions them, so it is left as it is',
      'waiting for the identity provider to create grace@acme.com (their access and groups follow once they are in the workspace)',
    ]);
    expect(invited(p)).toEqual(['dev@agency.io']);
  });

  it('identityProvider.except: a contractor invited by hand at its domain is invited and removed like anyone else', async () => {
    const p = await plan('  unmanaged: remove\n  identityProvider:\n    domains: [ACME.com]\n    except: [Mallory@acme.com, dan@acme.com]\n');
    expect(subjects(p)).toContain('mallory@acme.com');
    expect(p.changes.find((c) => c.subject.email === 'mallory@acme.com')!.actions).toEqual(['remove']);
    expect(codes(p, 'left-to-idp')).toEqual([]);
    expect(invited(p)).toEqual(['dan@acme.com', 'dev@agency.io']);
  });

  it('an expired member the identity provider provisions gets one message, in validate and in plan', async () => {
    const { cwd, dir } = copyExample();
    const ws = path.join(cwd, dir, 'workspace.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('  unmanaged: remove\n', '  unmanaged: remove\n  identityProvider:\n    domains: [acme.com]\n'));
    const analytics = path.join(cwd, dir, 'analytics.yaml');
    writeFileSync(analytics, readFileSync(analytics, 'utf8').replace('  - email: erin@acme.com\n', '  - email: erin@acme.com\n    expires: 2026-11-01\n'));
    const io = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', '2026-11-22'], io);
    const out = io.stdoutText + io.stderrText;
    expect(out).toContain('warning expired: membership of erin@acme.com expired on 2026-11-01; remove them in the identity provider, which provisions them');
    expect(out).toContain('warning: membership of erin@acme.com expired on 2026-11-01; remove them in the identity provider, which provisions them');
    expect(out).not.toContain('the plan removes it');
    // Someone merely left to the identity provider is drift's to report, not every plan's.
    expect(out).not.toContain('mallory@acme.com is in the workspace but in no manifest');
    const drift = memoryIo({ cwd });
    await runCli(['drift', dir, '--local', '--at', '2026-11-22'], drift);
    expect(drift.stdoutText).toContain('idp: mallory@acme.com is in the workspace but in no manifest; the identity provider provisions them');
  });

  it('honours provisionedBy: idp on one member', async () => {
    const p = await plan('  unmanaged: remove\n', (text) => text.replace('  - email: dan@acme.com\n', '  - email: dan@acme.com\n    provisionedBy: idp\n'));
    expect(invited(p)).toEqual(['dev@agency.io', 'grace@acme.com']);
    expect(codes(p, 'waiting-for-idp')).toEqual(['waiting for the identity provider to create dan@acme.com (their access and groups follow once they are in the workspace)']);
  });

  it('leaves ignored people alone and lists them', async () => {
    const p = await plan('  unmanaged: remove\n  ignore: ["MALLORY@*", "*@segment.com"]\n');
    expect(subjects(p)).not.toContain('mallory@acme.com');
    expect(codes(p, 'ignored')).toEqual(['mallory@acme.com is ignored (policy.ignore: MALLORY@*)']);
  });

  it('removes or reports per kind', async () => {
    const p = await plan('  unmanaged: { users: remove, groups: report }\n');
    expect(subjects(p)).toContain('mallory@acme.com');
    expect(subjects(p)).not.toContain('group legacy-admins');
    expect(codes(p, 'unmanaged-group')).toEqual(['group legacy-admins is not in the manifests (policy.unmanaged: report)']);
    const q = await plan('  unmanaged: { groups: remove, users: report }\n');
    expect(subjects(q)).not.toContain('mallory@acme.com');
    expect(subjects(q)).toContain('group legacy-admins');
  });
});
