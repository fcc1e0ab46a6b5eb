// Reads the whole live IAM state in one snapshot, following docs/segment-api.md ("Endpoints"): workspace,
// roles, users (with permissions, falling back to GET /users/{id} when a list omits them), invites,
// groups with their user and invite members, and the resources permissions point at. Independent
// reads run concurrently within the client's bound.
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { UserError } from '../user-error.js';
import { AUDIT_WINDOW_DAYS, INVITE_EVENTS, readAuditEvents, type AuditEvent } from './audit.js';
import {
  fingerprintOf, grantsFromApi, type Actual, type ActualGroup, type ActualInvite, type ActualUser,
} from './model.js';

export interface ReadOptions {
  /** The slug the manifests describe: checked right after GET /, before anything else is read. */
  expectSlug?: string;
  /** Read functions even if no permission points at one (the manifests name functions). */
  functions?: boolean;
  /** Read invite send times from the Audit Trail (to find invites older than Segment's 7-day expiry). */
  inviteAges?: boolean;
  /** Read the Audit Trail's last 30 days even without pending invites, and keep the events (drift uses them). */
  auditEvents?: boolean;
  now?: Date;
}

export async function readWorkspace(client: SegmentClient, options: ReadOptions = {}): Promise<Actual> {
  // The token's workspace is checked before anything else is read, when the manifests name one; a
  // read with nothing to check against (import) starts everything at once.
  const workspaceRead = client.call('getWorkspace');
  if (options.expectSlug !== undefined) {
    const { workspace } = await workspaceRead;
    if (workspace.slug !== options.expectSlug) {
      throw new UserError(`the API token belongs to workspace "${workspace.slug}", but the manifests describe "${options.expectSlug}"; use that workspace's token (or fix workspace.slug)`);
    }
  }
  const notes: string[] = [];
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - AUDIT_WINDOW_DAYS * 86_400_000);

  // Every read that needs only GET / starts now, and each read that needs one list (a group's members,
  // the Audit Trail when invites are pending) starts the moment that list is in. The time is then
  // the longest chain of requests instead of the sum of stages: the client serves a list's next page
  // first and the per-group and per-user fan-outs last. (After a failure the caller closes the
  // client, and the reads still waiting for a slot fail at once without being sent.)
  const usersRead = client.list('listUsers').then((raw) => Promise.all(raw.map(async (u): Promise<[string, ActualUser]> => {
    const full = u.permissions === undefined
      ? (await client.limit(() => client.call('getUser', { params: { userId: u.id } }), 'bulk')).user
      : u;
    return [String(u.email).toLowerCase(), { id: u.id, email: u.email, name: u.name ?? '', grants: grantsFromApi(full.permissions) }];
  })));
  const groupsRead = client.list('listUserGroups').then((raw) => Promise.all(raw.map(async (g): Promise<[string, ActualGroup]> => {
    const params = { userGroupId: String(g.id) };
    const [members, pending] = await Promise.all([
      client.list('listUsersFromUserGroup', { params, bulk: true }),
      client.list('listInvitesFromUserGroup', { params, bulk: true }),
    ]);
    const all = new Map<string, string>();
    for (const m of members) all.set(String(m.email).toLowerCase(), m.email);
    for (const email of pending) all.set(email.toLowerCase(), email);
    return [String(g.id), { id: g.id, name: g.name, grants: grantsFromApi(g.permissions), members: all }];
  })), (err: unknown) => teamPlan(err, 'listUserGroups'));
  const invitesRead = client.list('listInvites');
  // One read of the Audit Trail serves both invite ages and (for drift) attribution.
  const auditRead = options.auditEvents
    ? readAuditEvents(client, since)
    : invitesRead.then((emails) => (options.inviteAges !== false && emails.length > 0 ? readAuditEvents(client, since) : undefined));

  const [{ workspace }, rawUsers, inviteEmails, rawGroups, audit, roles, sources, destinations, warehouses, labels, spaces] = await Promise.all([
    workspaceRead, usersRead, invitesRead, groupsRead, auditRead,
    client.list('listRoles'),
    client.list('listSources'),
    client.list('listDestinations'),
    client.list('listWarehouses'),
    client.limit(() => client.call('listLabels')).then((d) => d.labels),
    optional(client.list('listSpaces'), 'spaces', notes),
  ]);

  const groupsUnavailable = 'unavailable' in rawGroups ? rawGroups.unavailable : undefined;
  const users = new Map<string, ActualUser>(rawUsers);
  const invites = new Map<string, ActualInvite>(inviteEmails.map((email) => [email.toLowerCase(), { email }]));
  if (audit && 'events' in audit) datesInvites(invites, audit.events);
  const groups = new Map<string, ActualGroup>('unavailable' in rawGroups ? [] : rawGroups);

  // Functions are read only when some permission points at one or the manifests name one (the list
  // takes one call per function type).
  const needsFunctions = options.functions || [...users.values(), ...groups.values()].some((s) => s.grants.some((gr) => gr.type === 'FUNCTION'));
  const functions = needsFunctions ? await readFunctions(client, notes) : [];

  const partial: Omit<Actual, 'fingerprint'> = {
    workspace,
    roles: roles.map((r) => ({ id: r.id, name: r.name })),
    users,
    invites,
    groups,
    sources: sources.map((s) => ({ id: s.id, slug: s.slug, name: s.name ?? s.slug, labels: (s.labels ?? []).map((l) => `${l.key}=${l.value}`).sort() })),
    destinations: destinations.map((d) => ({ id: d.id, name: d.name ?? d.id, sourceId: d.sourceId })),
    warehouses: warehouses.map((w) => ({ id: w.id, name: typeof w.settings?.name === 'string' ? w.settings.name : w.id })),
    labels: labels.map((l) => `${l.key}=${l.value}`).sort(),
    spaces: spaces.map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
    functions,
    auditTrail: audit === undefined ? 'not-read' : 'events' in audit ? 'read' : audit.problem,
    ...(groupsUnavailable ? { groupsUnavailable } : {}),
    ...(options.auditEvents && audit && 'events' in audit ? { auditEvents: audit.events } : {}),
    notes,
  };
  return { ...partial, fingerprint: fingerprintOf(partial) };
}

/** Fields of an event about who acted, when, and what kind of event: never the invite's subject. */
const NOT_THE_SUBJECT = new Set(['id', 'timestamp', 'type', 'actor', 'actorEmail']);

/** The email addresses written anywhere in a string, lower-cased. */
export function emailsIn(text: string): string[] {
  return (text.match(/[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+/g) ?? []).map((e) => e.toLowerCase());
}

/** The emails an event names in any of its fields but the actor's (lower-cased, each once). */
export function emailsNamedBy(e: object): string[] {
  return [...new Set(Object.entries(e).flatMap(([k, v]) => (typeof v === 'string' && !NOT_THE_SUBJECT.has(k) ? emailsIn(v) : [])))];
}

/**
 * Dates each invite from the newest invite event that names its email in any of its fields (Segment
 * does not document which field carries it, if any: docs/segment-api.md, "Invites"). An invite no
 * event names keeps no date: its age is unknown, whatever the reason (events without emails, no
 * Audit Trail, sent before the window read).
 */
function datesInvites(invites: Map<string, ActualInvite>, events: AuditEvent[]): void {
  for (const e of events) {
    if (!INVITE_EVENTS.has(e.type)) continue;
    for (const email of emailsNamedBy(e)) {
      const invite = invites.get(email);
      if (invite && (!invite.sentAt || e.timestamp > invite.sentAt)) invite.sentAt = e.timestamp;
    }
  }
}

/**
 * A workspace on a Free or Team plan has no User Groups: Segment answers the groups list with a
 * bad-request that says so (docs/segment-api.md, "Groups"). That is read as "no groups here", with
 * Segment's words kept to quote; any other failure stays an error.
 */
function teamPlan(err: unknown, operation: string): { unavailable: string } {
  if (err instanceof SegmentApiError && err.status === 400 && err.type !== 'InvalidResponse') {
    return { unavailable: `${operation} answered HTTP 400${err.detail ? `: ${err.detail}` : ''}` };
  }
  throw err;
}

/** All five function types (the SDK's listFunctions at v73). */
const FUNCTION_TYPES = ['SOURCE', 'DESTINATION', 'INSERT_DESTINATION', 'INSERT_SOURCE', 'INSERT_TRANSFORMATION'] as const;

export async function readFunctions(client: SegmentClient, notes: string[]) {
  const lists = await Promise.all(FUNCTION_TYPES.map((resourceType) => optional(client.list('listFunctions', { query: { resourceType } }), 'functions', notes)));
  return lists.flat().map((f) => ({ id: f.id, name: f.displayName ?? f.id }));
}

/**
 * Spaces and functions need features a workspace may not have; Segment answers such a list with an
 * error whose status it does not document. 403 and 404 are read as "the feature is not enabled" and
 * noted once; anything else (401, 429, 5xx, an unbelievable answer) is an error.
 */
async function optional<T>(list: Promise<T[]>, what: string, notes: string[]): Promise<T[]> {
  try {
    return await list;
  } catch (err) {
    if (err instanceof SegmentApiError && (err.status === 403 || err.status === 404) && err.type !== 'InvalidResponse') {
      const note = `${what} are not enabled on this workspace (${err.operation} answered HTTP ${err.status}): grants on ${what} cannot be checked`;
      if (!notes.includes(note)) notes.push(note);
      return [];
    }
    throw err;
  }
}
