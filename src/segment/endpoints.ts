// The one endpoint table: every Public API operation this tool calls, by the SDK's operation name,
// with its method, path template and (for lists) the key that holds the items. Request paths are
// built only here, and only from ids that match the id pattern, so nothing read from a plan file or
// a response can steer a request to another path or host. Sources: docs/segment-api.md, "Endpoints"
// (from @segment/public-api-sdk-typescript `api/iAMUsersApi.ts`, `api/iAMGroupsApi.ts`, ...).

import type { SegmentResponses } from './types.generated.js';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template; `{name}` is a path parameter. */
  path: string;
  /** For list operations: the key of `data` that holds the items. */
  listKey?: string;
  /** Changes state (rate limited per endpoint at 60/min by Segment; never retried blindly). */
  mutation: boolean;
}

// Every operation's response is checked against its definition in schema/segment-api.schema.json
// (the `data` of the envelope), whose types are generated into types.generated.ts.
export const ENDPOINTS = {
  getWorkspace: { method: 'GET', path: '/', mutation: false },
  listRoles: { method: 'GET', path: '/roles', listKey: 'roles', mutation: false },
  listUsers: { method: 'GET', path: '/users', listKey: 'users', mutation: false },
  getUser: { method: 'GET', path: '/users/{userId}', mutation: false },
  listInvites: { method: 'GET', path: '/invites', listKey: 'invites', mutation: false },
  listUserGroups: { method: 'GET', path: '/groups', listKey: 'userGroups', mutation: false },
  getUserGroup: { method: 'GET', path: '/groups/{userGroupId}', mutation: false },
  listUsersFromUserGroup: { method: 'GET', path: '/groups/{userGroupId}/users', listKey: 'users', mutation: false },
  listInvitesFromUserGroup: { method: 'GET', path: '/groups/{userGroupId}/invites', listKey: 'emails', mutation: false },
  listSources: { method: 'GET', path: '/sources', listKey: 'sources', mutation: false },
  listDestinations: { method: 'GET', path: '/destinations', listKey: 'destinations', mutation: false },
  listWarehouses: { method: 'GET', path: '/warehouses', listKey: 'warehouses', mutation: false },
  listLabels: { method: 'GET', path: '/labels', mutation: false },
  listSpaces: { method: 'GET', path: '/spaces', listKey: 'spaces', mutation: false },
  listFunctions: { method: 'GET', path: '/functions', listKey: 'functions', mutation: false },
  listAuditEvents: { method: 'GET', path: '/audit-events', listKey: 'events', mutation: false },
  createUserGroup: { method: 'POST', path: '/groups', mutation: true },
  deleteUserGroup: { method: 'DELETE', path: '/groups/{userGroupId}', mutation: true },
  replacePermissionsForUserGroup: { method: 'PUT', path: '/groups/{userGroupId}/permissions', mutation: true },
  addUsersToUserGroup: { method: 'POST', path: '/groups/{userGroupId}/users', mutation: true },
  // The singular `/group/` is the real API's path for these two (docs/segment-api.md, "Endpoints").
  removeUsersFromUserGroup: { method: 'DELETE', path: '/group/{userGroupId}/users', mutation: true },
  createInvites: { method: 'POST', path: '/invites', mutation: true },
  deleteInvites: { method: 'DELETE', path: '/invites', mutation: true },
  replacePermissionsForUser: { method: 'PUT', path: '/users/{userId}/permissions', mutation: true },
  deleteUsers: { method: 'DELETE', path: '/users', mutation: true },
} as const satisfies Record<keyof SegmentResponses, Endpoint>;

export type OperationName = keyof typeof ENDPOINTS;

/** The checked `data` of an operation's response. */
export type ResponseOf<K extends OperationName> = NonNullable<SegmentResponses[K]>;

/** Operations that return a paginated list. */
export type ListOperation = { [K in OperationName]: (typeof ENDPOINTS)[K] extends { listKey: string } ? K : never }[OperationName];

/** The type of one item of a list operation. */
export type ItemOf<K extends ListOperation> = (typeof ENDPOINTS)[K] extends { listKey: infer L extends string }
  ? ResponseOf<K> extends Record<L, Array<infer I>> ? I : never : never;

/**
 * What an id may look like before it becomes part of a path: Segment's ids are base58, KSUID-like
 * or prefixed (`sfnc_...`) strings of at most 255 characters (docs/segment-api.md, "Transport").
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

export class InvalidIdError extends Error {
  constructor(readonly operation: string, readonly param: string, readonly value: string) {
    super(`${operation}: refusing to send ${param} ${JSON.stringify(value.slice(0, 80))}: not a Segment id (letters, digits, _ and - only)`);
    this.name = 'InvalidIdError';
  }
}

/** The request path of `operation` with its parameters checked and encoded. */
export function pathFor(operation: OperationName, params: Record<string, string> = {}): string {
  const template = ENDPOINTS[operation].path;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) throw new Error(`${operation}: missing path parameter ${name}`);
    if (!ID_PATTERN.test(value)) throw new InvalidIdError(operation, name, value);
    return encodeURIComponent(value);
  });
}
