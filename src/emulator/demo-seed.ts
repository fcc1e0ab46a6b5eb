// The demo workspace behind `--local`: the sources, destinations, warehouses and labels that
// examples/acme names, with people whose access differs from the manifests in instructive ways —
// some match, some must change, some are missing, one is pending, one is not in the manifests —
// so the first plan a newcomer sees is a real one.
import { ROLE_CATALOG, type EmulatorState, type StoredPermission } from './state.js';

export const DEMO_TOKEN_SECRET = 'sgp_local_demo_token_not_a_secret_0000000000000000000000000000000';
const WORKSPACE_ID = '9aQ1Lj62S4bomZKLF4DPqW';

const role = (name: string) => ROLE_CATALOG.find((r) => r.name === name)!.id;
const everywhere = (roleName: string): StoredPermission => ({
  roleId: role(roleName), resources: [{ id: WORKSPACE_ID, type: 'WORKSPACE', labels: [] }],
});

/**
 * The day the demo's dates were written against. Tests use it (and `--at 2026-11-22`) so their
 * expectations stay fixed; the CLI seeds the local workspace as of the day it is created instead.
 */
export const DEMO_AS_OF = '2026-11-22T12:00:00.000Z';

/** 09:30 UTC, `days` days before `asOf`'s day. */
function daysBefore(asOf: Date, days: number): string {
  const day = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate() - days, 9, 30));
  return day.toISOString();
}

/**
 * The demo workspace as of `asOf`: Frank's invite was sent four days earlier, so it is pending and
 * still valid (invites last seven days) whenever the local workspace is created, not only in the week
 * the demo was written.
 */
/** The slug of the demo workspace (the examples' `acme-prod`). */
export const DEMO_SLUG = 'acme-prod';

export function demoSeed(slug = DEMO_SLUG, asOf: Date = new Date(DEMO_AS_OF)): EmulatorState {
  const invitedAt = daysBefore(asOf, 4);
  const sources = [
    { id: 'qT7nW2xkB9VfPzL4mRc8Ya', slug: 'web-prod', name: 'Web (production)', env: 'prod', kind: 'javascript' },
    { id: 'Hs3KdV8pQw1ZrN6tXb2Lm9', slug: 'ios-prod', name: 'iOS app (production)', env: 'prod', kind: 'ios' },
    { id: 'Lp5Rt9WvX2cB7nQk4Jm8Fd', slug: 'server-prod', name: 'Backend (production)', env: 'prod', kind: 'node-js' },
    { id: 'Zx4Cv7Bn1Mq8Wr3Ty6Ua2S', slug: 'web-staging', name: 'Web (staging)', env: 'staging', kind: 'javascript' },
    { id: 'Gk2Hj5Lp8Qr1St4Vw7Xy9Z', slug: 'server-staging', name: 'Backend (staging)', env: 'staging', kind: 'node-js' },
  ];
  return {
    version: 1,
    workspace: { id: WORKSPACE_ID, slug, name: 'Acme (local demo)' },
    tokens: [{ id: 'TJ7z8cg6', secret: DEMO_TOKEN_SECRET, description: 'local demo token' }],
    roles: ROLE_CATALOG.map((r) => ({ ...r })),
    labels: [
      { key: 'environment', value: 'dev', description: '' },
      { key: 'environment', value: 'prod', description: '' },
      { key: 'environment', value: 'staging', description: '' },
    ],
    sources: sources.map((s) => ({
      id: s.id, slug: s.slug, name: s.name, enabled: true, metadataSlug: s.kind,
      labels: [{ key: 'environment', value: s.env, description: '' }],
    })),
    destinations: [
      { id: 'dGa4Prod8Kq2Wn5Rt7Yx3Z', name: 'ga4-prod', sourceId: 'qT7nW2xkB9VfPzL4mRc8Ya', enabled: true, kind: 'google-analytics-4' },
      { id: 'dAmpProd3Lx9Vb6Nm2Qw8P', name: 'amplitude-prod', sourceId: 'qT7nW2xkB9VfPzL4mRc8Ya', enabled: true, kind: 'amplitude' },
      { id: 'dBrzProd5Hj2Kd8Ls4Pf7G', name: 'braze-prod', sourceId: 'Lp5Rt9WvX2cB7nQk4Jm8Fd', enabled: true, kind: 'braze' },
      { id: 'dWhkStag1Zc4Xv7Bn9Mq3R', name: 'webhooks-staging', sourceId: 'Zx4Cv7Bn1Mq8Wr3Ty6Ua2S', enabled: true, kind: 'webhooks' },
    ],
    warehouses: [
      { id: 'wSnow6Tq3Lp9Vx2Kb8Nd5R', name: 'snowflake-prod', enabled: true, kind: 'Snowflake' },
      { id: 'wBigQ4Mz7Hc1Fr5Jt9Wp2S', name: 'bigquery-analytics', enabled: true, kind: 'BigQuery' },
    ],
    spaces: [{ id: 'spc7Yt3Nq8Lm2Vx5Kd9Rb4', slug: 'personas-main', name: 'Main space' }],
    functions: [],
    users: [
      { id: 'uAlic3Kq8Wn2Rt5Yx7Zb9P', name: 'Alice Ng', email: 'alice@acme.com', permissions: [everywhere('Workspace Owner')] },
      // Bob is an owner in the manifests but only a Source Admin here: the plan promotes him.
      { id: 'uBob5Lm2Vx8Kd4Rq7Wt3N', name: 'Bob Okafor', email: 'Bob@acme.com', permissions: [everywhere('Source Admin')] },
      { id: 'uBrk9Hc4Fj1Np6Ts3Xw8Q', name: 'Break-glass', email: 'breakglass@acme.com', permissions: [everywhere('Workspace Owner')] },
      // Carol reads every source; the manifests want staging admin and prod read-only by label.
      { id: 'uCar2Zq7Mb5Vn1Lx9Kt4R', name: 'Carol Diaz', email: 'carol@acme.com', permissions: [everywhere('Source Read-only')] },
      // Erin already matches the read-only profile exactly.
      { id: 'uEri8Wp3Jh6Gd2Sf5Ak1T', name: 'Erin Park', email: 'erin@acme.com', permissions: [everywhere('Source Read-only'), everywhere('Warehouse Destination Read-only')] },
      // Mallory left the company but still has access: not in any manifest, so the plan removes her.
      { id: 'uMal4Ny9Bv2Cx7Zl5Kj8H', name: 'Mallory Ruiz', email: 'mallory@acme.com', permissions: [everywhere('Source Admin')] },
    ],
    // Frank was invited four days ago; his invite is still pending.
    invites: [{ email: 'frank@acme.com', permissions: [everywhere('Source Read-only'), everywhere('Warehouse Destination Read-only')], createdAt: invitedAt }],
    groups: [
      { id: '2DrXpkze3NH3ySNB6tUUs1TbJbo', name: 'engineers', permissions: [everywhere('Source Read-only')], members: ['carol@acme.com'] },
      // A group nobody declares any more.
      { id: '2FkLq8Wz5Rt2Vn7Yb4Mx9Pc3Jd', name: 'legacy-admins', permissions: [everywhere('Source Admin')], members: ['mallory@acme.com'] },
    ],
    auditEvents: [{
      id: 'events/1', timestamp: invitedAt, type: 'Non-Segment User Invited to Workspace', actor: 'public-api-token/TJ7z8cg6',
      resourceId: 'frank@acme.com', resourceType: 'invite', resourceName: 'frank@acme.com',
    }],
    nextEventId: 2,
  };
}

/**
 * A workspace the local demo does not know: the demo's catalog (sources, destinations, warehouses,
 * spaces, labels, roles) and nobody in it, so `plan mine --local` on a newcomer's own manifests
 * shows their people being invited instead of the Acme demo's people being removed.
 */
export function catalogSeed(slug: string, asOf: Date = new Date(DEMO_AS_OF)): EmulatorState {
  const demo = demoSeed(slug, asOf);
  return { ...demo, workspace: { ...demo.workspace, name: `${slug} (local, the demo's catalog)` }, users: [], invites: [], groups: [], auditEvents: [], nextEventId: 1 };
}

/** The seed of a new local workspace: the demo for its own slug, the demo's catalog for any other. */
export function localSeed(slug: string, asOf?: Date): EmulatorState {
  return slug === DEMO_SLUG ? demoSeed(slug, asOf) : catalogSeed(slug, asOf);
}
