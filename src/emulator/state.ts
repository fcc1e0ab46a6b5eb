// The emulator's workspace: one JSON document holding everything the IAM surface of the Public API
// exposes. Seeds and state files share this shape, so a seed is simply a state without history.
import type { Unknowns } from './unknowns.js';

/** A label as Segment stores it (on sources, and in label-scoped permissions). */
export interface Label {
  key: string;
  value: string;
  description?: string;
}

export type ResourceType = 'FUNCTION' | 'SOURCE' | 'SPACE' | 'WAREHOUSE' | 'WORKSPACE';
export const RESOURCE_TYPES: readonly ResourceType[] = ['FUNCTION', 'SOURCE', 'SPACE', 'WAREHOUSE', 'WORKSPACE'];

/** The function types listFunctions takes (the SDK at v73). */
export const FUNCTION_TYPES = ['DESTINATION', 'INSERT_DESTINATION', 'INSERT_SOURCE', 'INSERT_TRANSFORMATION', 'SOURCE'] as const;
export type FunctionType = (typeof FUNCTION_TYPES)[number];

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
  functions: Array<{ id: string; displayName: string; resourceType: FunctionType }>;
  auditEvents: Array<{
    id: string; timestamp: string; type: string; actor: string; actorEmail?: string;
    resourceId: string; resourceType: string; resourceName: string;
  }>;
  /** Monotonic counter for audit event ids. */
  nextEventId: number;
  /** The switches for what Segment does not document (see unknowns.ts); absent ones are the defaults. */
  unknowns?: Partial<Unknowns>;
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
    ...(s.unknowns ? { unknowns: s.unknowns } : {}),
  };
  for (const group of full.groups) group.members = group.members.map((e) => e.toLowerCase());
  return full;
}

/**
 * Segment's role catalog as GET /roles names it (docs/segment-api.md "Roles"; segmentio/segment-docs
 * `src/segment-app/iam/roles.md`). Ids are fixed KSUID-like strings; the first two are the SDK's own
 * examples. A Team-plan workspace is modelled by a seed that lists only Workspace Owner and Source Admin.
 */
export const ROLE_CATALOG: ReadonlyArray<{ id: string; name: string; description: string }> = [
  { id: '1WDUuRLxv84rrfCNUwvkrRtkxnS', name: 'Workspace Owner', description: 'Owners have full read and edit access to everything in the workspace, including sources, destinations, add-on products, and settings.' },
  { id: '1aEWAcU0fArxScocwH9xxLgW7r3', name: 'Minimal Workspace Access', description: 'Access to view the workspace. Cannot view any sub resources or settings.' },
  { id: '1aEWGVnLYd7hzJC5hd9MtXBHvfZ', name: 'Source Admin', description: 'Edit access to assigned sources, their settings, connected streaming destinations, schema and live data.' },
  { id: '1aEWIHOaRcuzqVB9KwUmdPIDrXB', name: 'Source Read-only', description: 'Read access to assigned sources, their settings, connected streaming destinations, schema and live data.' },
  { id: '1y7IBhuWDlAlqOEs4hsyRfG0DTg', name: 'Function Admin', description: 'Create, edit and delete assigned functions.' },
  { id: '1y7IDtxFjslkR8SXxCXH3QQ5Z2a', name: 'Function Read-only', description: 'Read assigned functions.' },
  { id: '20Rg1PvQaJ6p7v8nTn6tRDnGh2d', name: 'Unify and Engage Admin', description: 'Edit access to Unify settings and, if purchased, Engage audiences, traits, journeys, content and settings.' },
  { id: '20Rg5V7kq0WfX0mB6Jw5xzZ2Yt1', name: 'Unify and Engage Read-only', description: 'Read-only access to Unify settings and, if purchased, Engage audiences, traits, journeys and content.' },
  { id: '20Rg3hSNfO1s6bZk1O7W1X4sHf8', name: 'Unify Read-only, Engage User', description: 'Read-only access to Unify settings and, if purchased, edit access to Engage audiences, traits, journeys and content.' },
  { id: '1xpbBIzAWBAU4sJWbvEmuH8zxjk', name: 'Warehouse Destination Admin', description: 'Edit access to warehouse destinations and their settings.' },
  { id: '1xpbDJ2sWxhTfwD87U9Wpl4mfVK', name: 'Warehouse Destination Read-only', description: 'Read-only access to warehouse destinations and their settings.' },
  { id: '1zS4WRaYwD9xJ1gS2XBNQ0kYcwj', name: 'Tracking Plan Admin', description: 'Edit access to all Tracking Plans in Protocols.' },
  { id: '1zS4YVOyPONDI2y6Vdv7Wy0sL9k', name: 'Tracking Plan Read-only', description: 'Read access to all Tracking Plans in Protocols.' },
  { id: '22aXq7E9s3Bq1mKvNn5b3b7HZ1o', name: 'Identity Admin', description: 'Edit access to Identity settings in Unify.' },
  { id: '22aXsQhQk4RkRrM2Lrj9kqL1W8b', name: 'End User Privacy Admin', description: 'Edit access to End User Privacy settings, suppression and deletion.' },
  { id: '23Kp7TqWx2Lm9Vn4Rb6Yc8Hd1Fs', name: 'Entities Admin', description: 'Edit access to entities.' },
  { id: '23Kp9Vs3Nh5Jq8Wt2Xz7Lc4Mb6R', name: 'Entities Read-only', description: 'Read access to entities.' },
  { id: '24Qw2Er5Ty8Ui1Op4As7Df0Gh3J', name: 'PII Access', description: 'Unmasks detected PII within the resources the member can already reach.' },
];
