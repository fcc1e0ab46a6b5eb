// The emulator's workspace: one JSON document holding everything the IAM surface of the Public API
// exposes. Seeds and state files share this shape, so a seed is simply a state without history.

/** A label as Segment stores it (on sources, and in label-scoped permissions). */
export interface Label {
  key: string;
  value: string;
  description?: string;
}

export type ResourceType = 'FUNCTION' | 'SOURCE' | 'SPACE' | 'WAREHOUSE' | 'WORKSPACE';
export const RESOURCE_TYPES: readonly ResourceType[] = ['FUNCTION', 'SOURCE', 'SPACE', 'WAREHOUSE', 'WORKSPACE'];

/** Permissions are stored in one canonical shape; the routes render the API's three shapes. */
export interface StoredPermission {
  roleId: string;
  resources: Array<{ id: string; type: ResourceType; labels: Array<{ key: string; value: string }> }>;
}

export interface EmulatorState {
  version: 1;
  workspace: { id: string; slug: string; name: string };
  /** API tokens: `secret` is the bearer value, `id` shows up in the audit trail. */
  tokens: Array<{ id: string; secret: string; description?: string }>;
  roles: Array<{ id: string; name: string; description: string }>;
  users: Array<{ id: string; name: string; email: string; permissions: StoredPermission[] }>;
  invites: Array<{ email: string; permissions: StoredPermission[]; createdAt: string }>;
  /** `members` holds lower-cased emails of users and invites alike, as the API's writes do. */
  groups: Array<{ id: string; name: string; permissions: StoredPermission[]; members: string[] }>;
  sources: Array<{ id: string; slug: string; name: string; enabled: boolean; labels: Label[]; metadataSlug?: string }>;
  destinations: Array<{ id: string; name: string; sourceId: string; enabled: boolean; kind: string }>;
  warehouses: Array<{ id: string; name: string; enabled: boolean; kind: string }>;
  labels: Label[];
  spaces: Array<{ id: string; slug: string; name: string }>;
  functions: Array<{ id: string; displayName: string; resourceType: 'DESTINATION' | 'INSERT_DESTINATION' | 'SOURCE' }>;
  auditEvents: Array<{
    id: string; timestamp: string; type: string; actor: string; actorEmail?: string;
    resourceId: string; resourceType: string; resourceName: string;
  }>;
  /** Monotonic counter for audit event ids. */
  nextEventId: number;
}

/** Checks the parts of a seed or state file the emulator relies on; throws a readable error. */
export function checkState(value: unknown, origin: string): EmulatorState {
  const s = value as Partial<EmulatorState> | null;
  const problems: string[] = [];
  if (!s || typeof s !== 'object') throw new Error(`${origin}: expected a JSON object`);
  if (!s.workspace?.id || !s.workspace.slug) problems.push('workspace.id and workspace.slug are required');
  if (!Array.isArray(s.tokens) || s.tokens.length === 0) problems.push('tokens must list at least one {id, secret}');
  if (!Array.isArray(s.roles) || s.roles.length === 0) problems.push('roles must list the role catalog');
  if (problems.length) throw new Error(`${origin}: ${problems.join('; ')}`);
  const full: EmulatorState = {
    version: 1,
    workspace: s.workspace!,
    tokens: s.tokens!,
    roles: s.roles!,
    users: s.users ?? [],
    invites: s.invites ?? [],
    groups: s.groups ?? [],
    sources: s.sources ?? [],
    destinations: s.destinations ?? [],
    warehouses: s.warehouses ?? [],
    labels: s.labels ?? [],
    spaces: s.spaces ?? [],
    functions: s.functions ?? [],
    auditEvents: s.auditEvents ?? [],
    nextEventId: s.nextEventId ?? 1,
  };
  for (const group of full.groups) group.members = group.members.map((e) => e.toLowerCase());
  return full;
}

/** Segment's role catalog (names as the app and GET /roles show them). Ids are fixed KSUID-like strings. */
export const ROLE_CATALOG: ReadonlyArray<{ id: string; name: string; description: string }> = [
  { id: '1WDUuRLxv84rrfCNUwvkrRtkxnS', name: 'Workspace Owner', description: 'Owners have full read and edit access to all workspace resources.' },
  { id: '1aEWAcU0fArxScocwH9xxLgW7r3', name: 'Minimal Workspace Access', description: 'Access to view the workspace. Cannot view any sub resources.' },
  { id: '1aEWGVnLYd7hzJC5hd9MtXBHvfZ', name: 'Source Admin', description: 'Edit access to sources and their connected destinations.' },
  { id: '1aEWIHOaRcuzqVB9KwUmdPIDrXB', name: 'Source Read-only', description: 'Read access to sources and their connected destinations.' },
  { id: '1xpbBIzAWBAU4sJWbvEmuH8zxjk', name: 'Warehouse Admin', description: 'Edit access to warehouses.' },
  { id: '1xpbDJ2sWxhTfwD87U9Wpl4mfVK', name: 'Warehouse Read-only', description: 'Read access to warehouses.' },
  { id: '1y7IBhuWDlAlqOEs4hsyRfG0DTg', name: 'Function Admin', description: 'Create, edit and deploy functions.' },
  { id: '1y7IDtxFjslkR8SXxCXH3QQ5Z2a', name: 'Function Read-only', description: 'Read access to functions.' },
  { id: '1zS4WRaYwD9xJ1gS2XBNQ0kYcwj', name: 'Tracking Plan Admin', description: 'Edit access to tracking plans.' },
  { id: '1zS4YVOyPONDI2y6Vdv7Wy0sL9k', name: 'Tracking Plan Read-only', description: 'Read access to tracking plans.' },
  { id: '20Rg1PvQaJ6p7v8nTn6tRDnGh2d', name: 'Engage Admin', description: 'Edit access to Engage spaces.' },
  { id: '20Rg3hSNfO1s6bZk1O7W1X4sHf8', name: 'Engage User', description: 'Edit audiences and journeys in Engage spaces.' },
  { id: '20Rg5V7kq0WfX0mB6Jw5xzZ2Yt1', name: 'Engage Read-only', description: 'Read access to Engage spaces.' },
  { id: '21MBbSUk2gkA1SthbL4f0ZpFh3e', name: 'Unify Admin', description: 'Edit access to Unify spaces.' },
  { id: '21MBdmSwTBIZkPNjb0Ctu8yuKQ9', name: 'Unify Read-only', description: 'Read access to Unify spaces.' },
  { id: '22aXq7E9s3Bq1mKvNn5b3b7HZ1o', name: 'Identity Admin', description: 'Manage identity resolution settings.' },
  { id: '22aXsQhQk4RkRrM2Lrj9kqL1W8b', name: 'End User Privacy Admin', description: 'Manage end-user privacy requests.' },
];
