// What Segment leaves undocumented, one switch at a time, where the behaviour that depends on it
// lives (docs/segment-api.md, "Unknowns"): empty lists, the 200-item cap, old role names, and
// workspaces without User Groups.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { withUnknowns, type Unknowns } from '../../src/emulator/unknowns.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';
const MWA = '1aEWAcU0fArxScocwH9xxLgW7r3';
const SOURCE_ADMIN = '1aEWGVnLYd7hzJC5hd9MtXBHvfZ';

async function workspace(unknowns: Partial<Unknowns>, edit: (seed: EmulatorState) => void = () => {}) {
  const seed = withUnknowns(demoSeed(), unknowns);
  edit(seed);
  const emulator = await testEmulator({ seed });
  const { cwd, dir } = copyExample();
  const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
  const run = async (args: string[]) => {
    const io = memoryIo({ cwd, env });
    const code = await runCli(args, io);
    return { code, out: io.stdoutText, err: io.stderrText };
  };
  const write = (file: string, text: string) => writeFileSync(path.join(cwd, dir, file), text);
  return { emulator, cwd, dir, run, write };
}

describe('empty-lists=refuse: no empty list is ever written', () => {
  it('a member whose access comes only from a group, and a group that grants nothing, are written with the floor', async () => {
    const w = await workspace({ emptyLists: 'refuse' });
    w.write('analytics.yaml', [
      'version: 1', 'groups:', '  - name: observers', 'members:',
      '  - email: erin@acme.com', '    groups: [engineers, observers]',
      '  - email: frank@acme.com', '    profile: read-only', '  - email: grace@acme.com', '    profile: read-only', '',
    ].join('\n'));

    const applied = await w.run(['apply', w.dir, '--auto-approve', '--at', AT]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Verified: No changes.');

    const state = w.emulator.store.state;
    expect(state.users.find((u) => u.email === 'erin@acme.com')!.permissions.map((p) => p.roleId)).toEqual([MWA]);
    expect(state.groups.find((g) => g.name === 'observers')!.permissions.map((p) => p.roleId)).toEqual([MWA]);
    const again = await w.run(['plan', w.dir, '--at', AT, '--detailed-exitcode']);
    expect(again.out).toContain('No changes.');
  });
});

describe('caps=200: no list over 200 items in a request', () => {
  it('a role on 450 listed sources is sent as permissions of at most 200 resources in one request, and converges', async () => {
    const slugs = Array.from({ length: 450 }, (_, i) => `src-${String(i).padStart(3, '0')}`);
    const w = await workspace({ caps: '200', emptyLists: 'refuse' }, (seed) => {
      seed.sources.push(...slugs.map((slug, i) => ({ id: `s${String(i).padStart(21, '0')}`, slug, name: slug, enabled: true, labels: [] })));
    });
    const owners = readFileSync(path.join(w.cwd, w.dir, 'engineering.yaml'), 'utf8');
    w.write('engineering.yaml', owners.replace('      - { role: Source Admin, sources: [web-staging, server-staging] }', `      - { role: Source Admin, sources: [${slugs.join(', ')}] }`));

    const planned = await w.run(['plan', w.dir, '--at', AT]);
    expect(planned.code).toBe(0);
    expect(planned.out).not.toContain('refused');
    const applied = await w.run(['apply', w.dir, '--auto-approve', '--at', AT]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);

    const carol = w.emulator.store.state.users.find((u) => u.email === 'carol@acme.com')!;
    const admin = carol.permissions.filter((p) => p.roleId === SOURCE_ADMIN).map((p) => p.resources.length);
    expect(admin).toEqual([200, 200, 50]);
    expect((await w.run(['plan', w.dir, '--at', AT, '--detailed-exitcode'])).out).toContain('No changes.');
  });
});

describe('roles from the workspace', () => {
  it('an old role name the workspace still serves: validate warns with today\'s name, plan accepts it', async () => {
    const w = await workspace({}, (seed) => { seed.roles.find((r) => r.name === 'Warehouse Destination Admin')!.name = 'Warehouse Admin'; });
    const analytics = readFileSync(path.join(w.cwd, w.dir, 'analytics.yaml'), 'utf8');
    w.write('analytics.yaml', analytics.replace('role: Warehouse Destination Admin', 'role: Warehouse Admin'));
    w.write('workspace.yaml', readFileSync(path.join(w.cwd, w.dir, 'workspace.yaml'), 'utf8').replace('Warehouse Destination Admin: 30', 'Warehouse Admin: 30'));

    const validated = await w.run(['validate', w.dir, '--at', AT]);
    expect(validated.code).toBe(0);
    expect(validated.out + validated.err).toContain('Segment renamed `Warehouse Admin` to `Warehouse Destination Admin`');
    const planned = await w.run(['plan', w.dir, '--at', AT]);
    expect(planned.err).not.toContain('error');
    expect(planned.code).toBe(0);
  });

  it('an old name the workspace does not serve: plan names today\'s name', async () => {
    const w = await workspace({});
    const analytics = readFileSync(path.join(w.cwd, w.dir, 'analytics.yaml'), 'utf8');
    w.write('analytics.yaml', analytics.replace('role: Warehouse Destination Admin', 'role: Warehouse Admin'));
    const planned = await w.run(['plan', w.dir, '--at', AT]);
    expect(planned.code).not.toBe(0);
    expect(planned.out + planned.err).toContain('role `Warehouse Admin` is not served by workspace acme-prod: Segment renamed it to `Warehouse Destination Admin`');
  });
});

describe('groups=unavailable: a Free or Team plan', () => {
  it('manifests that declare groups get one clear error naming the plan limit', async () => {
    const w = await workspace({ groups: 'unavailable' });
    const planned = await w.run(['plan', w.dir, '--at', AT]);
    expect(planned.code).not.toBe(0);
    const text = planned.out + planned.err;
    expect(text.match(/groups-unavailable/g)).toHaveLength(1);
    expect(text).toContain("workspace acme-prod's plan does not include User Groups (listUserGroups answered HTTP 400: Your plan does not include User Groups. Contact sales to upgrade to business tier.), but the manifests declare 1 group and 3 members in groups");
  });

  it('manifests without groups are planned, applied, drift-checked and reviewed without them', async () => {
    const w = await workspace({ groups: 'unavailable' });
    // A Team workspace serves Workspace Owner, Source Admin and Minimal Workspace Access only.
    for (const file of ['analytics.yaml', 'engineering.yaml']) rmSync(path.join(w.cwd, w.dir, file));
    w.write('workspace.yaml', 'version: 1\nworkspace:\n  slug: acme-prod\n  region: us\npolicy:\n  minOwners: 2\n  maxRemovals: 50%\n');
    w.write('people.yaml', [
      'version: 1', 'members:',
      '  - email: carol@acme.com', '    access:', '      - { role: Source Admin, sources: [web-staging] }',
      '  - email: frank@acme.com', '    role: Source Admin', '',
    ].join('\n'));
    const planned = await w.run(['plan', w.dir, '--at', AT]);
    expect(planned.err).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.out).toContain("warning: this workspace's plan has no User Groups");
    expect(planned.out).toContain('frank@acme.com: age unknown');
    const applied = await w.run(['apply', w.dir, '--auto-approve', '--at', AT]);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Verified: No changes.');
    const drift = await w.run(['drift', w.dir, '--at', AT]);
    expect(drift.code).toBe(0);
    expect(drift.out).toContain('No drift');
    const review = await w.run(['review', w.dir, '--at', AT, '--format', 'markdown']);
    expect(review.code).toBe(0);
    expect(review.out).toContain('carol&#64;acme.com');
  });
});
