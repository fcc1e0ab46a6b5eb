/* Generated from schema/segment-requests.schema.json by `npm run generate` (json-schema-to-typescript).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file is stale. */

export type ResourceType = 'FUNCTION' | 'SOURCE' | 'SPACE' | 'WAREHOUSE' | 'WORKSPACE';

/**
 * The request bodies segment-access sends, per Public API operation, as the official SDK's models define them (@segment/public-api-sdk-typescript model/*V1Input.ts; docs/segment-api.md). The client's types are generated from this file, so a field named otherwise than Segment names it does not compile.
 */
export interface SegmentRequests {
  createUserGroup?: CreateUserGroupV1Input;
  replacePermissionsForUserGroup?: ReplacePermissionsForUserGroupV1Input;
  addUsersToUserGroup?: AddUsersToUserGroupV1Input;
  createInvites?: CreateInvitesV1Input;
  replacePermissionsForUser?: ReplacePermissionsForUserV1Input;
}
export interface CreateUserGroupV1Input {
  name: string;
}
export interface ReplacePermissionsForUserGroupV1Input {
  permissions: PermissionInputV1[];
}
export interface PermissionInputV1 {
  roleId: string;
  resources: PermissionResourceV1[];
}
export interface PermissionResourceV1 {
  id: string;
  type: ResourceType;
  labels?: AllowedLabelBeta[];
}
export interface AllowedLabelBeta {
  key: string;
  value: string;
  description?: string;
}
export interface AddUsersToUserGroupV1Input {
  emails: string[];
}
export interface CreateInvitesV1Input {
  invites: InviteV1[];
}
export interface InviteV1 {
  email: string;
  permissions?: InvitePermissionV1[];
}
export interface InvitePermissionV1 {
  roleId: string;
  resources?: ResourceV1[];
  labels?: AllowedLabelBeta[];
}
export interface ResourceV1 {
  id: string;
  type: ResourceType;
}
export interface ReplacePermissionsForUserV1Input {
  permissions: PermissionInputV1[];
}
