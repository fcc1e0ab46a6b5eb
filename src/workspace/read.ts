// Reads the whole live IAM state in one snapshot, following segment-public-api.md 5.7: workspace,
// roles, users (with permissions, falling back to GET /users/{id} when a list omits them), invites,
// groups with their user and invite members, and the resources permissions point at. Independent
// reads run concurrently within the client's bound.
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { readAuditEvents, type AuditEvent } from './audit.js';
import {
  fingerprintOf, grantsFromApi, type Actual, type ActualGroup, type ActualInvite, type ActualUser,
} from './model.js';

export interface ReadOptions {
  /** Read invite send times from the Audit Trail (to find invites older than Segment's 7-day expiry). */
  inviteAges?: boolean;
  /** Read the Audit Trail's last 30 days even without pending invites, and keep the events (drift uses them). */
  auditEvents?: boolean;
  now?: Date;
}

export async function readWorkspace(client: SegmentClient, options: ReadOptions = {}): Promise<Actual> {
  const { workspace } = await client.call('getWorkspace');

  const [roles, rawUsers, inviteEmails, rawGroups, sources, destinations, warehouses, labels, spaces] = await Promise.all([
    client.list('listRoles'),
    client.list('listUsers'),
    client.list('listInvites'),
    client.list('listUserGroups'),
    client.list('listSources'),
    client.list('listDestinations'),
    client.list('listWarehouses'),
    client.limit(() => client.call('listLabels')).then((d) => d.labels),
    optional(client.list('listSpaces')),
  ]);

  const users = new Map<string, ActualUser>();
  await Promise.all(rawUsers.map(async (u) => {
    const full = u.permissions === undefined
      ? (await client.limit(() => client.call('getUser', { params: { userId: u.id } }))).user
      : u;
    users.set(String(u.email).toLowerCase(), { id: u.id, email: u.email, name: u.name ?? '', grants: grantsFromApi(full.permissions) });
  }));

  const invites = new Map<string, ActualInvite>(inviteEmails.map((email) => [email.toLowerCase(), { email }]));
  // One read of the Audit Trail serves both invite ages and (for drift) attribution.
  const wantsAges = options.inviteAges !== false && invites.size > 0;
  const now = options.now ?? new Date();
  const auditEvents = wantsAges || options.auditEvents ? await readAuditEvents(client, new Date(now.getTime() - 30 * 86_400_000)) : undefined;
  if (auditEvents) datesInvites(invites, auditEvents);

  const groups = new Map<string, ActualGroup>();
  await Promise.all(rawGroups.map(async (g) => {
    const params = { userGroupId: String(g.id) };
    const [members, pending] = await Promise.all([
      client.list('listUsersFromUserGroup', { params }),
      client.list('listInvitesFromUserGroup', { params }),
    ]);
    const all = new Map<string, string>();
    for (const m of members) all.set(String(m.email).toLowerCase(), m.email);
    for (const email of pending) all.set(email.toLowerCase(), email);
    groups.set(String(g.id), { id: g.id, name: g.name, grants: grantsFromApi(g.permissions), members: all });
  }));

  // Functions are read only when some permission points at one (the list needs three calls).
  const needsFunctions = [...users.values(), ...groups.values()].some((s) => s.grants.some((gr) => gr.type === 'FUNCTION'));
  const functions = needsFunctions ? await readFunctions(client) : [];

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
    auditTrail: auditEvents !== undefined,
    ...(options.auditEvents && auditEvents ? { auditEvents } : {}),
  };
  return { ...partial, fingerprint: fingerprintOf(partial) };
}

/** Sets each invite's `sentAt` from the newest invite event that names it. */
function datesInvites(invites: Map<string, ActualInvite>, events: AuditEvent[]): void {
  for (const e of events) {
    if (!/invited/i.test(e.type)) continue;
    const invite = invites.get(String(e.resourceName || e.resourceId || '').toLowerCase());
    if (invite && (!invite.sentAt || e.timestamp > invite.sentAt)) invite.sentAt = e.timestamp;
  }
}

async function readFunctions(client: SegmentClient) {
  const kinds = ['SOURCE', 'DESTINATION', 'INSERT_DESTINATION'] as const;
  const lists = await Promise.all(kinds.map((resourceType) => optional(client.list('listFunctions', { query: { resourceType } }))));
  return lists.flat().map((f) => ({ id: f.id, name: f.displayName ?? f.id }));
}

/** Feature-gated lists (spaces, functions) fail on workspaces without the feature: read as empty. */
async function optional<T>(list: Promise<T[]>): Promise<T[]> {
  try {
    return await list;
  } catch (err) {
    if (err instanceof SegmentApiError && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) return [];
    throw err;
  }
}
