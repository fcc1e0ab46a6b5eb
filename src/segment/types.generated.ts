/* Generated from schema/segment-api.schema.json by `npm run generate` (json-schema-to-typescript).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file is stale. */

/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ResourceType".
 */
export type ResourceType = 'FUNCTION' | 'SOURCE' | 'SPACE' | 'WAREHOUSE' | 'WORKSPACE';

/**
 * The `data` of each Segment Public API response this tool reads, for the fields it uses, after Segment's published models (@segment/public-api-sdk-typescript model/*.ts, v47 to v73; docs/segment-api.md). Every response is checked against its operation's definition before it is believed; extra fields are allowed, as the SDK ignores them.
 */
export interface SegmentResponses {
  getWorkspace?: GetWorkspaceData;
  listRoles?: ListRolesData;
  listUsers?: ListUsersData;
  getUser?: GetUserData;
  listInvites?: ListInvitesData;
  listUserGroups?: ListUserGroupsData;
  getUserGroup?: GetUserGroupData;
  listUsersFromUserGroup?: ListUsersFromUserGroupData;
  listInvitesFromUserGroup?: ListInvitesFromUserGroupData;
  listSources?: ListSourcesData;
  listDestinations?: ListDestinationsData;
  listWarehouses?: ListWarehousesData;
  listLabels?: ListLabelsData;
  listSpaces?: ListSpacesData;
  listFunctions?: ListFunctionsData;
  listAuditEvents?: ListAuditEventsData;
  createUserGroup?: CreateUserGroupData;
  replacePermissionsForUserGroup?: ReplacePermissionsForUserGroupData;
  addUsersToUserGroup?: AddUsersToUserGroupData;
  createInvites?: CreateInvitesData;
  replacePermissionsForUser?: ReplacePermissionsForUserData;
  deleteUserGroup?: StatusOutput;
  removeUsersFromUserGroup?: StatusOutput;
  deleteInvites?: StatusOutput;
  deleteUsers?: StatusOutput;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "GetWorkspaceData".
 */
export interface GetWorkspaceData {
  workspace: WorkspaceV1;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "WorkspaceV1".
 */
export interface WorkspaceV1 {
  id: string;
  slug: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListRolesData".
 */
export interface ListRolesData {
  roles: RoleV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "RoleV1".
 */
export interface RoleV1 {
  id: string;
  name: string;
  description?: string;
  [k: string]: unknown | undefined;
}
/**
 * Pagination metadata of a list response (model/paginationOutput.ts).
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "PaginationOutput".
 */
export interface PaginationOutput {
  current: string;
  next?: string | null;
  previous?: string | null;
  totalEntries?: number;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListUsersData".
 */
export interface ListUsersData {
  users: UserV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "UserV1".
 */
export interface UserV1 {
  id: string;
  name?: string;
  email: string;
  permissions?: PermissionV1[];
  [k: string]: unknown | undefined;
}
/**
 * A permission as users and groups are read (roleName is not used).
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "PermissionV1".
 */
export interface PermissionV1 {
  roleId: string;
  roleName?: string;
  resources: PermissionResourceV1[];
  labels?: LabelV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "PermissionResourceV1".
 */
export interface PermissionResourceV1 {
  id: string;
  type: ResourceType;
  labels?: LabelV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "LabelV1".
 */
export interface LabelV1 {
  key: string;
  value: string;
  description?: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "GetUserData".
 */
export interface GetUserData {
  user: UserV1;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListInvitesData".
 */
export interface ListInvitesData {
  invites: string[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListUserGroupsData".
 */
export interface ListUserGroupsData {
  userGroups: UserGroupV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "UserGroupV1".
 */
export interface UserGroupV1 {
  id: string;
  name: string;
  memberCount?: number;
  permissions?: PermissionV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "GetUserGroupData".
 */
export interface GetUserGroupData {
  userGroup: UserGroupV1;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListUsersFromUserGroupData".
 */
export interface ListUsersFromUserGroupData {
  users: MinimalUserV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "MinimalUserV1".
 */
export interface MinimalUserV1 {
  id: string;
  name?: string;
  email: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListInvitesFromUserGroupData".
 */
export interface ListInvitesFromUserGroupData {
  emails: string[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListSourcesData".
 */
export interface ListSourcesData {
  sources: SourceV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * The fields of a source the tool reads.
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "SourceV1".
 */
export interface SourceV1 {
  id: string;
  slug: string;
  name?: string | null;
  labels: LabelV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListDestinationsData".
 */
export interface ListDestinationsData {
  destinations: DestinationV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * The fields of a destination the tool reads.
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "DestinationV1".
 */
export interface DestinationV1 {
  id: string;
  name?: string | null;
  sourceId: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListWarehousesData".
 */
export interface ListWarehousesData {
  warehouses: WarehouseV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * The fields of a warehouse the tool reads (its name is settings.name).
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "WarehouseV1".
 */
export interface WarehouseV1 {
  id: string;
  settings?: {
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListLabelsData".
 */
export interface ListLabelsData {
  labels: LabelV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListSpacesData".
 */
export interface ListSpacesData {
  spaces: Space[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "Space".
 */
export interface Space {
  id: string;
  slug: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListFunctionsData".
 */
export interface ListFunctionsData {
  functions: ListFunctionItemV1[];
  pagination: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * A function (id is optional in the model; one without an id cannot be granted, so it is required here).
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListFunctionItemV1".
 */
export interface ListFunctionItemV1 {
  id: string;
  displayName?: string;
  resourceType?: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ListAuditEventsData".
 */
export interface ListAuditEventsData {
  events: AuditEventV1[];
  pagination?: PaginationOutput;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "AuditEventV1".
 */
export interface AuditEventV1 {
  id: string;
  timestamp: string;
  type: string;
  actor: string;
  actorEmail?: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "CreateUserGroupData".
 */
export interface CreateUserGroupData {
  userGroup: UserGroupV1;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ReplacePermissionsForUserGroupData".
 */
export interface ReplacePermissionsForUserGroupData {
  permissions: AccessPermissionV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "AccessPermissionV1".
 */
export interface AccessPermissionV1 {
  roleId: string;
  roleName?: string;
  resources: PermissionResourceV1[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "AddUsersToUserGroupData".
 */
export interface AddUsersToUserGroupData {
  userGroup: UserGroupV1;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "CreateInvitesData".
 */
export interface CreateInvitesData {
  emails: string[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "ReplacePermissionsForUserData".
 */
export interface ReplacePermissionsForUserData {
  permissions: AccessPermissionV1[];
  [k: string]: unknown | undefined;
}
/**
 * The answer of every delete and remove operation.
 *
 * This interface was referenced by `SegmentResponses`'s JSON-Schema
 * via the `definition` "StatusOutput".
 */
export interface StatusOutput {
  status: 'SUCCESS';
  [k: string]: unknown | undefined;
}
