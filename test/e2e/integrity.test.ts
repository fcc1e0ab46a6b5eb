// States that used to be read wrongly, and runs that used to go wrong together: same-name groups,
// two label selectors of one role, unmanaged people in managed groups, two applies at once.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { ROLE_CATALOG } from '../../src/emulator/state.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';
const replace = (cwd: string, file: string, from: string, to: string) => writeFileSync(path.join(cwd, file), readFileSync(path.join(cwd, file), 'utf8').replace(from, to));

describe('reading the workspace right', () => {
  it('refuses a workspace with two groups of the same name (ignoring case), naming both ids', async () => {
    const seed = demoSeed();
    const owner = ROLE_CATALOG.find((r) => r.name === 'Workspace Owner')!.id;
    seed.groups.push({ id: '2EngDup9Kq2Wn5Rt7Yx3Zb4Lm8P', name: 'Engineers', permissions: [{ roleId: owner, resources: [{ id: seed.workspace.id, type: 'WORKSPACE', labels: [] }] }], members: ['erin@acme.com'] });
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const plan = memoryIo({ cwd, env });
    const drift = memoryIo({ cwd, env });

    const planned = await runCli(['plan', dir, '--at', AT], plan);
    const drifted = await runCli(['drift', dir, '--at', AT], drift);

    expect([planned, drifted]).toEqual([1, 1]);
    const message = 'error ambiguous-group: workspace acme-prod has 2 groups named `engineers` (id 2DrXpkze3NH3ySNB6tUUs1TbJbo) and `Engineers` (id 2EngDup9Kq2Wn5Rt7Yx3Zb4Lm8P)';
    expect(plan.stderrText).toContain(`acme/engineering.yaml:5:11: ${message}`);
    expect(drift.stderrText).toContain(message);
    expect(plan.stdoutText).toBe('');
  });

  it('converges a group with two label-scoped grants of the same role', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    replace(cwd, `${dir}/engineering.yaml`, 'members:\n', [
      '  - name: pre-prod-admins',
      '    access:',
      '      - { role: Source Admin, sources: { labels: { environment: staging } } }',
      '      - { role: Source Admin, sources: { labels: { environment: dev } } }',
      'members:',
      '',
    ].join('\n'));

    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT], memoryIo({ cwd, env }))).toBe(0);
    const again = memoryIo({ cwd, env });
    expect(await runCli(['plan', dir, '--at', AT, '--detailed-exitcode'], again)).toBe(0);
    expect(again.stdoutText).toContain('No changes.');
  });

  it('leaves unmanaged people in managed groups alone under policy.unmanaged: report, and says so', async () => {
    const seed = demoSeed();
    seed.groups[0]!.members.push('mallory@acme.com');
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    replace(cwd, `${dir}/workspace.yaml`, 'unmanaged: remove', 'unmanaged: report');
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    await runCli(['plan', dir, '--at', AT, '--format', 'json'], io);

    const plan = JSON.parse(io.stdoutText);
    expect(plan.operations.filter((op: any) => op.params.kind === 'removeUsersFromUserGroup' || op.params.kind === 'deleteUsers')).toEqual([]);
    expect(plan.warnings).toContainEqual({ code: 'unmanaged-user', message: 'mallory@acme.com is in the workspace but in no manifest (policy.unmanaged: report); member of engineers, legacy-admins (left as is)' });
  });
});

describe('two applies at once', () => {
  it('never leaves duplicate groups, and neither reports success over a wrong state', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const teams = Array.from({ length: 12 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
    const file = path.join(cwd, dir, 'engineering.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('members:\n', `${teams.map((t) => `  - name: ${t}\n    access: [{ role: Source Read-only, sources: all }]\n`).join('')}members:\n`)
      .replace('groups: [engineers]\n    access:\n      - { role: Source Admin, sources: [web-staging, server-staging] }', `groups: [engineers, ${teams.join(', ')}]\n    access:\n      - { role: Source Admin, sources: [web-staging, server-staging] }`));
    const a = memoryIo({ cwd, env });
    const b = memoryIo({ cwd, env });

    const codes = await Promise.all([
      runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'a.json'], a),
      runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'b.json'], b),
    ]);

    const names = emulator.store.state.groups.map((g) => g.name.toLowerCase());
    expect(names.length).toBe(new Set(names).size);
    for (const [code, io] of [[codes[0], a], [codes[1], b]] as const) {
      if (code === 0) expect(io.stdoutText).toContain('Verified: No changes.');
      else expect(io.stderrText).toMatch(/another apply|changed under this apply|still differs|saved plan|verification/);
    }
    // Whatever happened, one more apply converges.
    const after = memoryIo({ cwd, env });
    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT], after)).toBe(0);
    const final = emulator.store.state.groups.map((g) => g.name.toLowerCase());
    expect(final.length).toBe(new Set(final).size);
  });
});

describe('names that match several resources', () => {
  it('refuses a destination name two sources share, listing both, and accepts {name, source}', async () => {
    const seed = demoSeed();
    seed.destinations.push({ id: 'dGa4Ios7Kq2Wn5Rt7Yx3Z', name: 'ga4-prod', sourceId: 'Hs3KdV8pQw1ZrN6tXb2Lm9', enabled: true, kind: 'google-analytics-4' });
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const ambiguous = memoryIo({ cwd, env });

    expect(await runCli(['plan', dir, '--at', AT], ambiguous)).toBe(1);
    expect(ambiguous.stderrText).toContain('acme/engineering.yaml:28:46: error ambiguous-destination: `ga4-prod` names 2 destinations in workspace acme-prod: '
      + 'ga4-prod on ios-prod (id dGa4Ios7Kq2Wn5Rt7Yx3Z), ga4-prod on web-prod (id dGa4Prod8Kq2Wn5Rt7Yx3Z)\n  hint: say which: `{ name: ga4-prod, source: web-prod }`');

    replace(cwd, `${dir}/engineering.yaml`, 'destinations: [ga4-prod]', 'destinations: [{ name: ga4-prod, source: web-prod }]');
    const chosen = memoryIo({ cwd, env });
    expect(await runCli(['plan', dir, '--at', AT], chosen)).toBe(0);
    expect(chosen.stdoutText).toContain('dev@agency.io: ga4-prod is reached through its source web-prod, which also opens amplitude-prod');
  });
});

describe('functions', () => {
  it('reads functions of every type when the manifests name one (a first function grant resolves)', async () => {
    const seed = demoSeed();
    seed.functions = [{ id: 'ifnc_Kq2Wn5Rt7Yx3Zb4Lm8P', displayName: 'enrich-events', resourceType: 'INSERT_SOURCE' }];
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    replace(cwd, `${dir}/engineering.yaml`, "      - { role: Source Admin, sources: [web-staging] }\n  - email: dev", "      - { role: Source Admin, sources: [web-staging] }\n      - { role: Function Admin, functions: [enrich-events] }\n  - email: dev");
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['plan', dir, '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('+     Function Admin on enrich-events');
  });
});
