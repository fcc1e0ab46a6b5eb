// Small builders for the normalized model, so planner tests read as tables of people and grants.
import type { Desired, DesiredGrant, DesiredGroup, DesiredMember } from '../../src/manifest/resolve.js';
import { canonicalGrants, fingerprintOf, type Actual, type Grant, type ResourceType } from '../../src/workspace/model.js';

export const WS = 'ws-1';
export const ROLES = [
  { id: 'r-owner', name: 'Workspace Owner' },
  { id: 'r-sadmin', name: 'Source Admin' },
  { id: 'r-sro', name: 'Source Read-only' },
  { id: 'r-wro', name: 'Warehouse Destination Read-only' },
  { id: 'r-mwa', name: 'Minimal Workspace Access' },
];
const roleId = (name: string) => ROLES.find((r) => r.name === name)!.id;

/** `g('Source Admin')` workspace-wide; `g('Source Admin', 'SOURCE', 'src-web')`; `g('Source Read-only', 'WORKSPACE', WS, ['environment=prod'])`. */
export function g(role: string, type: ResourceType = 'WORKSPACE', id = WS, labels: string[] = []): DesiredGrant {
  return { roleId: roleId(role), type, resourceId: id, labels, origin: { file: 'm.yaml', line: 1, col: 1 } };
}

export interface ActualSpec {
  users?: Array<{ email: string; grants?: Grant[]; id?: string }>;
  invites?: Array<{ email: string; sentAt?: string }>;
  groups?: Array<{ name: string; grants?: Grant[]; members?: string[]; id?: string }>;
}

export function actualOf(spec: ActualSpec): Actual {
  const partial: Omit<Actual, 'fingerprint'> = {
    workspace: { id: WS, slug: 'acme', name: 'Acme' },
    roles: ROLES,
    users: new Map((spec.users ?? []).map((u, i) => [u.email.toLowerCase(), { id: u.id ?? `u${i}`, email: u.email, name: '', grants: canonicalGrants(u.grants ?? []) }])),
    invites: new Map((spec.invites ?? []).map((i) => [i.email.toLowerCase(), { email: i.email, sentAt: i.sentAt }])),
    groups: new Map((spec.groups ?? []).map((gr, i) => [gr.id ?? `g${i}`, {
      id: gr.id ?? `g${i}`, name: gr.name, grants: canonicalGrants(gr.grants ?? []), members: new Map((gr.members ?? []).map((e) => [e.toLowerCase(), e])),
    }])),
    sources: [{ id: 'src-web', slug: 'web-prod', name: 'Web', labels: ['environment=prod'] }, { id: 'src-stg', slug: 'web-staging', name: 'Web staging', labels: [] }],
    destinations: [], warehouses: [], labels: ['environment=prod'], spaces: [], functions: [], auditTrail: 'read', notes: [],
  };
  return { ...partial, fingerprint: fingerprintOf(partial) };
}

export interface DesiredSpec {
  members?: Array<{ email: string; grants?: DesiredGrant[]; groups?: string[] }>;
  groups?: Array<{ name: string; grants?: DesiredGrant[] }>;
  policy?: Partial<Desired['policy']>;
  expired?: Desired['expired'];
}

export function desiredOf(spec: DesiredSpec): Desired {
  const at = { file: 'm.yaml', line: 1, col: 1 };
  const members = new Map<string, DesiredMember>((spec.members ?? []).map((m) => [m.email.toLowerCase(), {
    key: m.email.toLowerCase(), email: m.email, grants: canonicalGrants(m.grants ?? []), groups: (m.groups ?? []).map((x) => x.toLowerCase()), origin: at,
  }]));
  const groups = new Map<string, DesiredGroup>((spec.groups ?? []).map((gr) => [gr.name.toLowerCase(), {
    key: gr.name.toLowerCase(), name: gr.name, grants: canonicalGrants(gr.grants ?? []), origin: at,
  }]));
  return {
    slug: 'acme', region: 'us',
    policy: { minOwners: 1, unmanaged: 'remove', expiryWarningDays: 14, maxRemovals: '100%', ...spec.policy },
    members, groups, expired: spec.expired ?? [],
  };
}
