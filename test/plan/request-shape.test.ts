// Requests stay within what Segment documents: a role's resources beyond 200 are split inside one
// request, a list that still exceeds 200 permissions or labels is refused before any call, and no
// empty permission list is ever sent (docs/segment-api.md, "Size limits").
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { requestGuards } from '../../src/plan/request-shape.js';
import type { Operation } from '../../src/plan/types.js';
import { invitePermissions, permissionInputs, type Grant } from '../../src/workspace/model.js';
import { actualOf, desiredOf, g, ROLES } from '../helpers/model.js';

const grant = (roleId: string, type: Grant['type'], resourceId: string, labels: string[] = []): Grant => ({ roleId, type, resourceId, labels });
const user = (grants: Grant[]): Operation => ({ id: 'replacePermissionsForUser#1', params: { kind: 'replacePermissionsForUser', userId: 'u1', email: 'a@acme.com', grants }, changes: [], after: [], onlyAdds: false });

describe('permission lists at the 200-item limit', () => {
  it('splits a role on 450 resources into permissions of 200, 200 and 50, in users\' and invites\' shapes alike', () => {
    const grants = Array.from({ length: 450 }, (_, i) => grant('r-sadmin', 'SOURCE', `s${i}`));
    expect(permissionInputs(grants).map((p) => [p.roleId, p.resources!.length])).toEqual([['r-sadmin', 200], ['r-sadmin', 200], ['r-sadmin', 50]]);
    expect(invitePermissions(grants).map((p) => p.resources!.length)).toEqual([200, 200, 50]);
    expect(permissionInputs(grants.slice(0, 200)).map((p) => p.resources!.length)).toEqual([200]);
  });

  it('refuses a request that would need more than 200 permissions, and passes 200', () => {
    const selectors = (n: number) => Array.from({ length: n }, (_, i) => grant('r-sro', 'WORKSPACE', 'ws-1', [`team=t${i}`]));
    expect(requestGuards([user(selectors(200))])).toEqual([]);
    expect(requestGuards([user(selectors(201))])).toEqual([{
      guard: 'request-size', overridable: false,
      message: expect.stringContaining('replacePermissionsForUser#1 would send 201 permissions for a@acme.com, over Segment\'s limit of 200 per request'),
    }]);
  });

  it('refuses a permission with more than 200 labels', () => {
    const labels = Array.from({ length: 201 }, (_, i) => `k${i}=v`);
    expect(requestGuards([user([grant('r-sro', 'WORKSPACE', 'ws-1', labels)])]).map((f) => f.message)).toEqual([expect.stringContaining('a permission with 201 labels')]);
  });
});

describe('no empty permission list', () => {
  it('writes the floor for "no direct access", and refuses the plan when the workspace serves no floor role', () => {
    const desired = desiredOf({ members: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }, { email: 'p@acme.com', grants: [g('Workspace Owner')] }, { email: 'a@acme.com' }] });
    const actual = actualOf({ users: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }, { email: 'p@acme.com', grants: [g('Workspace Owner')] }, { email: 'a@acme.com', id: 'uA', grants: [g('Source Admin')] }] });
    const options = { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'm' };
    const withFloor = plan(desired, actual, options);
    expect(withFloor.guards).toEqual([]);
    expect(withFloor.operations.map((op) => op.params)).toEqual([{ kind: 'replacePermissionsForUser', userId: 'uA', email: 'a@acme.com', grants: [grant('r-mwa', 'WORKSPACE', 'ws-1')] }]);

    const noFloor = plan(desired, { ...actual, roles: ROLES.filter((r) => r.name !== 'Minimal Workspace Access') }, options);
    expect(noFloor.guards.map((f) => f.guard)).toEqual(['empty-list']);
  });
});
