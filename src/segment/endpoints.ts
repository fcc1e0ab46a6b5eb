// The one endpoint table: every Public API operation this tool calls, by the SDK's operation name,
// with its method, path template and (for lists) the key that holds the items. Request paths are
// built only here, and only from ids that match the id pattern, so nothing read from a plan file or
// a response can steer a request to another path or host. Sources: segment-public-api.md section 5
// (from @segment/public-api-sdk-typescript `api/iAMUsersApi.ts`, `api/iAMGroupsApi.ts`, ...).

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template; `{name}` is a path parameter. */
  path: string;
  /** For list operations: the key of `data` that holds the items. */
  listKey?: string;
  /** Changes state (rate limited per endpoint at 60/min by Segment; never retried blindly). */
  mutation: boolean;
}

const get = (path: string, listKey?: string): Endpoint => ({ method: 'GET', path, ...(listKey ? { listKey } : {}), mutation: false });
const write = (method: Endpoint['method'], path: string): Endpoint => ({ method, path, mutation: true });

export const ENDPOINTS = {
  getWorkspace: get('/'),
  listRoles: get('/roles', 'roles'),
  listUsers: get('/users', 'users'),
  getUser: get('/users/{userId}'),
  listInvites: get('/invites', 'invites'),
  listUserGroups: get('/groups', 'userGroups'),
  getUserGroup: get('/groups/{userGroupId}'),
  listUsersFromUserGroup: get('/groups/{userGroupId}/users', 'users'),
  listInvitesFromUserGroup: get('/groups/{userGroupId}/invites', 'emails'),
  listSources: get('/sources', 'sources'),
  listDestinations: get('/destinations', 'destinations'),
  listWarehouses: get('/warehouses', 'warehouses'),
  listLabels: get('/labels'),
  listSpaces: get('/spaces', 'spaces'),
  listFunctions: get('/functions', 'functions'),
  listAuditEvents: get('/audit-events', 'events'),
  createUserGroup: write('POST', '/groups'),
  deleteUserGroup: write('DELETE', '/groups/{userGroupId}'),
  replacePermissionsForUserGroup: write('PUT', '/groups/{userGroupId}/permissions'),
  addUsersToUserGroup: write('POST', '/groups/{userGroupId}/users'),
  // The singular `/group/` is the real API's path for these two (segment-public-api.md gotcha 8).
  removeUsersFromUserGroup: write('DELETE', '/group/{userGroupId}/users'),
  createInvites: write('POST', '/invites'),
  deleteInvites: write('DELETE', '/invites'),
  replacePermissionsForUser: write('PUT', '/users/{userId}/permissions'),
  deleteUsers: write('DELETE', '/users'),
} as const satisfies Record<string, Endpoint>;

export type OperationName = keyof typeof ENDPOINTS;

/**
 * What an id may look like before it becomes part of a path: Segment's ids are base58, KSUID-like
 * or prefixed (`sfnc_...`) strings of at most 255 characters (segment-public-api.md 5.6).
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
