// The example applied on 2026-11-22 and then changed by hand, for the review tests: carol's Source
// Admin on web-staging expires 2027-06-30, erin holds a Source Admin on web-prod that no manifest
// grants, the CI token has a creation date, and a token in no inventory acts in the Audit Trail.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from './io.js';
import { copyExample } from './workspace-copy.js';

interface LocalState {
  roles: Array<{ id: string; name: string }>;
  sources: Array<{ id: string; slug: string }>;
  users: Array<{ email: string; permissions: Array<{ roleId: string; resources: Array<{ id: string; type: string; labels: unknown[] }> }> }>;
  auditEvents: Array<Record<string, string>>;
  nextEventId: number;
}

/** The example applied on 2026-11-22, then changed by hand in the workspace. */
export async function auditedWorkspace(): Promise<{ cwd: string; dir: string }> {
  const { cwd, dir } = copyExample();
  const engineering = path.join(cwd, dir, 'engineering.yaml');
  writeFileSync(engineering, readFileSync(engineering, 'utf8').replace(
    '      - { role: Source Admin, sources: [web-staging, server-staging] }',
    '      - { role: Source Admin, sources: [web-staging], expires: 2027-06-30 }\n      - { role: Source Admin, sources: [server-staging] }',
  ));
  const tokens = path.join(cwd, dir, 'tokens.yaml');
  writeFileSync(tokens, readFileSync(tokens, 'utf8').replace('    owner: alice@acme.com\n', '    owner: alice@acme.com\n    created: 2026-02-01\n'));
  expect(await runCli(['apply', dir, '--local', '--auto-approve', '--at', '2026-11-22'], memoryIo({ cwd }))).toBe(0);

  const file = path.join(cwd, '.segment-access/local/acme-prod.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as LocalState;
  const role = state.roles.find((r) => r.name === 'Source Admin')!;
  const webProd = state.sources.find((s) => s.slug === 'web-prod')!;
  state.users.find((u) => u.email === 'erin@acme.com')!.permissions.push({ roleId: role.id, resources: [{ id: webProd.id, type: 'SOURCE', labels: [] }] });
  state.auditEvents.push({
    id: `events/${state.nextEventId++}`, timestamp: '2026-11-22T10:00:00.000Z', type: 'Source Modified', actor: 'public-api-token/Zz9OtherT',
    resourceId: webProd.id, resourceType: 'source', resourceName: 'web-prod',
  });
  writeFileSync(file, JSON.stringify(state));
  return { cwd, dir };
}

