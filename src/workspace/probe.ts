// First contact with a workspace, read-only: what `segment-access doctor` asks of it. Each probe is
// one page of one list (never a write, never the whole workspace), and each answers one question
// Segment's documents leave open for a given workspace (docs/segment-api.md, "Unknowns"): can IAM
// and the Audit Trail be read, are there User Groups, which roles are served, is Minimal Workspace
// Access in use, do invite events name the invited email.
import { MINIMAL_WORKSPACE_ACCESS, renamedRole, roleInfo, ROLES } from '../manifest/role-catalog.js';
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { AUDIT_WINDOW_DAYS, INVITE_EVENTS } from './audit.js';
import { grantsFromApi } from './model.js';
import { emailsNamedBy } from './read.js';

/** A read that worked (with what it found), or why it did not. */
export type ProbeRead<T> = { ok: true; value: T } | { ok: false; problem: string; status?: number };

export interface Probe {
  workspace: { id: string; slug: string; name: string };
  /** Where the calls went (never the token). */
  target: string;
  iam: ProbeRead<{ members: number; membersRead: number; invites: number }>;
  roles: ProbeRead<{ served: string[]; unknown: string[]; renamed: Array<{ served: string; today: string }>; notServed: string[] }>;
  groups: ProbeRead<{ groups: number; groupsRead: number }>;
  auditTrail: ProbeRead<{ events: number; inviteEvents: number; inviteEventsNamingEmail: number }>;
  /** Minimal Workspace Access among the members and groups read (one page of each). */
  floor: { role: boolean; members: number; membersRead: number; groups: number; groupsRead: number };
  rateLimit?: { operation: string; consumed?: string; remaining?: string; reset?: string };
  requests: number;
}

const SAMPLE = 200;

function failed(err: unknown): { ok: false; problem: string; status?: number } {
  if (err instanceof SegmentApiError) return { ok: false, problem: err.message, ...(err.status !== undefined ? { status: err.status } : {}) };
  throw err;
}

/** Runs every probe; only GET / failing is an error (the workspace could not be read at all). */
export async function probeWorkspace(client: SegmentClient, target: string, now: Date): Promise<Probe> {
  const { workspace } = await client.call('getWorkspace');
  const page = { pagination: { count: SAMPLE } };
  const [users, invites, roles, groups, events] = await Promise.all([
    client.call('listUsers', { query: page }).then((d) => ({ ok: true as const, value: d }), failed),
    client.call('listInvites', { query: page }).then((d) => ({ ok: true as const, value: d }), failed),
    client.list('listRoles').then((d) => ({ ok: true as const, value: d }), failed),
    client.call('listUserGroups', { query: page }).then((d) => ({ ok: true as const, value: d }), failed),
    client.call('listAuditEvents', { query: { ...page, startTime: new Date(now.getTime() - AUDIT_WINDOW_DAYS * 86_400_000).toISOString() } })
      .then((d) => ({ ok: true as const, value: d }), failed),
  ]);

  const floorRole = roles.ok ? roles.value.find((r) => r.name === MINIMAL_WORKSPACE_ACCESS) : undefined;
  const holdsFloor = (permissions: Parameters<typeof grantsFromApi>[0]) =>
    floorRole !== undefined && grantsFromApi(permissions).some((g) => g.roleId === floorRole.id && g.type === 'WORKSPACE' && g.labels.length === 0);
  const userList = users.ok ? users.value.users : [];
  const groupList = groups.ok ? groups.value.userGroups : [];

  return {
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name ?? workspace.slug },
    target,
    iam: users.ok && invites.ok
      ? { ok: true, value: { members: users.value.pagination?.totalEntries ?? userList.length, membersRead: userList.length, invites: invites.value.pagination?.totalEntries ?? invites.value.invites.length } }
      : (users.ok ? invites : users) as { ok: false; problem: string },
    roles: roles.ok ? { ok: true, value: servedRoles(roles.value.map((r) => r.name)) } : roles,
    groups: groups.ok ? { ok: true, value: { groups: groups.value.pagination?.totalEntries ?? groupList.length, groupsRead: groupList.length } } : groups,
    auditTrail: events.ok ? { ok: true, value: inviteEventPayloads(events.value.events) } : events,
    floor: {
      role: floorRole !== undefined,
      members: userList.filter((u) => u.permissions !== undefined && holdsFloor(u.permissions)).length, membersRead: userList.filter((u) => u.permissions !== undefined).length,
      groups: groupList.filter((g) => holdsFloor(g.permissions)).length, groupsRead: groupList.length,
    },
    ...(client.stats.rateLimit ? { rateLimit: client.stats.rateLimit } : {}),
    requests: client.stats.requests,
  };
}

/** The served role names against the catalog: unknown ones, old names (with today's), catalog roles not served. */
export function servedRoles(served: readonly string[]): { served: string[]; unknown: string[]; renamed: Array<{ served: string; today: string }>; notServed: string[] } {
  const set = new Set(served);
  return {
    served: [...served].sort(),
    unknown: served.filter((n) => !roleInfo(n) && !renamedRole(n)).sort(),
    renamed: served.flatMap((n) => { const today = renamedRole(n); return today && !roleInfo(n) ? [{ served: n, today }] : []; }),
    notServed: ROLES.map((r) => r.name).filter((n) => !set.has(n)),
  };
}

/** How many recent invite events name an email in a field other than the actor's. */
function inviteEventPayloads(events: ReadonlyArray<{ type: string } & Record<string, unknown>>): { events: number; inviteEvents: number; inviteEventsNamingEmail: number } {
  const invites = events.filter((e) => INVITE_EVENTS.has(e.type));
  const naming = invites.filter((e) => emailsNamedBy(e).length > 0);
  return { events: events.length, inviteEvents: invites.length, inviteEventsNamingEmail: naming.length };
}
