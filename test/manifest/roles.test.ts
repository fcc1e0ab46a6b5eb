// Segment's role catalog in manifests: renamed roles name their new name, scopes a role cannot take
// are reported at the scope key, and "did you mean" never offers more privilege than was written.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { validateManifests } from '../../src/manifest/validate.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { writeTree } from '../helpers/tmp.js';

const AT = new Date('2026-11-22T00:00:00Z');
const WORKSPACE = 'version: 1\nworkspace: { slug: acme-prod }\n';
const OWNER = '  - { email: owner@acme.com, role: Workspace Owner, justification: lead }\n';

async function diagnostics(members: string, severity: 'error' | 'warning' = 'error') {
  const dir = writeTree({ 'workspace.yaml': WORKSPACE, 'm.yaml': `version: 1\nmembers:\n${OWNER}${members}` });
  const result = await validateManifests('.', { cwd: dir, at: AT });
  return result.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.file}:${d.line}:${d.col} ${d.code}: ${d.message} (${d.hint})`);
}

describe('roles in manifests', () => {
  it.each([
    ['Warehouse Admin', 'Warehouse Destination Admin'],
    ['Warehouse Read-only', 'Warehouse Destination Read-only'],
    ['Engage Admin', 'Unify and Engage Admin'],
    ['Engage User', 'Unify Read-only, Engage User'],
    ['Personas Read-only', 'Unify and Engage Read-only'],
  ])('an old name (%s) gets a warning naming the new one (plan decides from GET /roles)', async (old, now) => {
    expect(await diagnostics(`  - { email: a@acme.com, role: ${old} }\n`)).toEqual([]);
    expect(await diagnostics(`  - { email: a@acme.com, role: ${old} }\n`, 'warning')).toEqual([
      `m.yaml:4:32 renamed-role: Segment renamed \`${old}\` to \`${now}\`; plan accepts the old name only if the workspace still serves it (write \`${now}\`)`,
    ]);
  });

  it.each([
    ['a warehouse role on one warehouse', '{ role: Warehouse Destination Admin, warehouses: [snowflake-prod] }', 'm.yaml:5:51 scope-not-allowed: `Warehouse Destination Admin` applies to all warehouses; it cannot be scoped to `warehouses` (remove `warehouses`)'],
    ['a tracking plan role on sources', '{ role: Tracking Plan Admin, sources: all }', 'm.yaml:5:43 scope-not-allowed: `Tracking Plan Admin` applies to all tracking plans; it cannot be scoped to `sources` (remove `sources`)'],
    ['a source role on spaces', '{ role: Source Admin, spaces: [main] }', 'm.yaml:5:36 scope-not-allowed: `Source Admin` cannot be scoped to `spaces` (scope it with `sources` or `destinations`, or drop the scope for all of them)'],
    ['a function role by label', '{ role: Function Admin, sources: { labels: { env: prod } } }', 'm.yaml:5:38 scope-not-allowed: `Function Admin` cannot be scoped to `sources` (scope it with `functions`, or drop the scope for all of them)'],
  ])('reports %s at the scope key', async (_name, entry, want) => {
    expect(await diagnostics(`  - email: a@acme.com\n    access: [${entry}]\n`)).toEqual([want]);
  });

  it('explains, as a warning, that Workspace Member is not a documented role', async () => {
    expect(await diagnostics('  - { email: a@acme.com, role: Workspace Member }\n')).toEqual([]);
    expect(await diagnostics('  - { email: a@acme.com, role: Workspace Member }\n', 'warning')).toEqual([
      'm.yaml:4:32 not-a-role: `Workspace Member` is not one of Segment\'s documented roles (the app calls every member who is not a Workspace Owner a Workspace Member); plan accepts it only if the workspace serves it (list the member\'s roles under `access:` (for login only, `role: Minimal Workspace Access`))',
    ]);
  });

  it('accepts every documented role with the scopes it can take', async () => {
    expect(await diagnostics([
      '  - email: a@acme.com',
      '    access:',
      '      - { role: Minimal Workspace Access }',
      '      - { role: Source Admin, sources: { labels: { environment: prod } } }',
      '      - { role: Source Read-only, destinations: [ga4-prod] }',
      '      - { role: Function Read-only, functions: [enrich] }',
      '      - { role: "Unify Read-only, Engage User", spaces: [main] }',
      '      - { role: Warehouse Destination Read-only }',
      '      - { role: Entities Read-only }',
      '      - { role: PII Access }',
      '',
    ].join('\n'))).toEqual([]);
  });
});

describe('roles against the workspace', () => {
  it('never suggests a more privileged role', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const dir = writeTree({ 'workspace.yaml': WORKSPACE, 'm.yaml': `version: 1\nmembers:\n${OWNER}  - { email: a@acme.com, role: Workspace Memberr }\n  - { email: b@acme.com, role: Source Read-onyl }\n` });
    const io = memoryIo({ cwd: dir, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['plan', '.'], io)).toBe(1);
    expect(io.stderrText).toContain('m.yaml:4:32: error unknown-role: role `Workspace Memberr` does not exist in workspace acme-prod\n  hint: known roles:');
    expect(io.stderrText).not.toContain('did you mean `Workspace Owner`');
    expect(io.stderrText).toContain('m.yaml:5:32: error unknown-role: role `Source Read-onyl` does not exist in workspace acme-prod\n  hint: did you mean `Source Read-only`?');
  });

  it('names destinations by name, by id or with their source, and says what exists when one is not found', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const entry = (email: string, scope: string) => `  - email: ${email}\n    access: [{ role: Source Read-only, destinations: ${scope} }]\n`;
    const dir = writeTree({
      'workspace.yaml': WORKSPACE,
      'm.yaml': `version: 1\nmembers:\n${OWNER}${entry('a@acme.com', '[dBrzProd5Hj2Kd8Ls4Pf7G, { name: ga4-prod, source: web-prod }]')}`,
      'typos.yaml': `version: 1\nmembers:\n${entry('b@acme.com', '[{ name: ga4-prod, source: ios-prod }, { name: ga5-prod, source: web-prod }, amplitude-prd]')}`,
    });
    const io = memoryIo({ cwd: dir, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['plan', '.'], io)).toBe(1);
    expect(io.stderrText.split('\n').filter((l) => / error |hint/.test(l))).toEqual([
      'typos.yaml:4:55: error unknown-destination: destination `ga4-prod` on source `ios-prod` does not exist in workspace acme-prod',
      '  hint: it exists on `web-prod`',
      'typos.yaml:4:93: error unknown-destination: destination `ga5-prod` on source `web-prod` does not exist in workspace acme-prod',
      '  hint: did you mean `ga4-prod`?',
      'typos.yaml:4:131: error unknown-destination: destination `amplitude-prd` does not exist in workspace acme-prod',
      '  hint: did you mean `amplitude-prod`?',
    ]);
  });

  it('says a documented role is not available on this workspace\'s plan (a Team plan lists only two)', async () => {
    const seed = demoSeed();
    seed.roles = seed.roles.filter((r) => r.name === 'Workspace Owner' || r.name === 'Source Admin');
    for (const u of seed.users) u.permissions = u.permissions.filter((p) => seed.roles.some((r) => r.id === p.roleId));
    for (const g of seed.groups) g.permissions = g.permissions.filter((p) => seed.roles.some((r) => r.id === p.roleId));
    seed.invites = [];
    const emulator = await testEmulator({ seed });
    const dir = writeTree({ 'workspace.yaml': WORKSPACE, 'm.yaml': `version: 1\nmembers:\n${OWNER}  - { email: a@acme.com, role: Source Read-only }\n` });
    const io = memoryIo({ cwd: dir, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['plan', '.'], io)).toBe(1);
    expect(io.stderrText).toContain("m.yaml:4:32: error role-not-available: role `Source Read-only` is not available on workspace acme-prod's plan (GET /roles does not list it)");
  });
});
