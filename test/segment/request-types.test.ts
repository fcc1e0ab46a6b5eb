// Request bodies are typed per operation from Segment's models (schema/segment-requests.schema.json):
// `npm test` runs tsc over this file, so each @ts-expect-error below fails the run the day the
// mistake it shows compiles (and vitest checks the well-formed bodies build as expected).
import { describe, expect, it } from 'vitest';
import { requestFor } from '../../src/apply/requests.js';
import type { Request } from '../../src/segment/client.js';

describe('request bodies', () => {
  it('are what Segment names them', () => {
    const ok: Request = { operation: 'addUsersToUserGroup', params: { userGroupId: 'g1' }, body: { emails: ['a@acme.com'] } };
    // @ts-expect-error Segment names the field `emails`
    const renamed: Request = { operation: 'addUsersToUserGroup', params: { userGroupId: 'g1' }, body: { email: ['a@acme.com'] } };
    // @ts-expect-error a permission needs its resources
    const incomplete: Request = { operation: 'replacePermissionsForUser', params: { userId: 'u1' }, body: { permissions: [{ roleId: 'r1' }] } };
    // @ts-expect-error a label sits inside a resource of a permission input, as a key and a value
    const label: Request = { operation: 'replacePermissionsForUser', params: { userId: 'u1' }, body: { permissions: [{ roleId: 'r1', resources: [{ id: 'w', type: 'WORKSPACE', labels: ['environment=prod'] }] }] } };
    expect([ok, renamed, incomplete, label].map((r) => r.operation)).toEqual(['addUsersToUserGroup', 'addUsersToUserGroup', 'replacePermissionsForUser', 'replacePermissionsForUser']);
  });

  it('are built from the operation for each kind', () => {
    expect(requestFor({ params: { kind: 'addUsersToUserGroup', group: { id: 'g1', name: 'eng' }, emails: ['a@acme.com'] } }, new Map())).toEqual(
      { operation: 'addUsersToUserGroup', params: { userGroupId: 'g1' }, body: { emails: ['a@acme.com'] } });
    expect(requestFor({ params: { kind: 'createInvites', invites: [{ email: 'b@acme.com', grants: [{ roleId: 'r1', type: 'WORKSPACE', resourceId: 'w', labels: ['environment=prod'] }] }] } }, new Map())).toEqual(
      { operation: 'createInvites', body: { invites: [{ email: 'b@acme.com', permissions: [{ roleId: 'r1', resources: [{ id: 'w', type: 'WORKSPACE' }], labels: [{ key: 'environment', value: 'prod' }] }] }] } });
  });
});
