// Compiling intents into API calls: one row per kind, with the batch sizes, the dependencies each
// call names (group created first, invite sent first, re-issue cancelled first) and the preferred rank.
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, compileOperations, MEMBER_BATCH_SIZE, RANK, type DraftOperation } from '../../src/plan/compile.js';
import { catalogOf } from '../../src/plan/describe.js';
import { emptyIntents, type Intents } from '../../src/plan/intents.js';
import { actualOf, g } from '../helpers/model.js';

const ACTUAL = actualOf({});
const input = { catalog: catalogOf(ACTUAL), ownerBefore: (email: string) => email === 'owner@acme.com', liveGroups: new Map([['eng', { id: 'gEng', name: 'Eng' }], ['ops', { id: 'gOps', name: 'Ops' }]]) };
const compile = (fill: (i: Intents) => void) => { const i = emptyIntents(); fill(i); return compileOperations(i, input); };
const brief = (ops: DraftOperation[]) => ops.map((op) => ({ id: op.id, after: op.after, rank: op.rank, changes: op.changes }));

describe('compileOperations', () => {
  it('ranks permission changes by what they do to ownership', () => {
    const ops = compile((i) => {
      i.permissions.push(
        { userId: 'u1', email: 'new-owner@acme.com', grants: [g('Source Admin'), g('Workspace Owner')], changeId: 'person:a' },
        { userId: 'u2', email: 'owner@acme.com', grants: [g('Source Admin')], changeId: 'person:b' },
        { userId: 'u3', email: 'owner@acme.com', grants: [g('Workspace Owner')], changeId: 'person:c' },
        { userId: 'u4', email: 'x@acme.com', grants: [], changeId: 'person:d' },
      );
      i.groupPermissions.push(
        { key: 'eng', name: 'Eng', liveId: 'gEng', grants: [g('Source Admin'), g('Workspace Owner')], changeId: 'group:gEng' },
        { key: 'ops', name: 'Ops', liveId: 'gOps', grants: [g('Source Admin')], changeId: 'group:gOps' },
      );
    });
    expect(ops.map((op) => [op.id, op.rank])).toEqual([
      ['replacePermissionsForUser#1', RANK.ownerGrant], ['replacePermissionsForUser#2', RANK.ownerRemoval],
      ['replacePermissionsForUser#3', RANK.permissions], ['replacePermissionsForUser#4', RANK.permissions],
      ['replacePermissionsForUserGroup#1', RANK.ownerGrant], ['replacePermissionsForUserGroup#2', RANK.permissions],
    ]);
  });

  it('creates groups first and makes their permissions and joins follow the creation', () => {
    const ops = compile((i) => {
      i.createGroups.push({ key: 'root', name: 'Root', changeId: 'group:new:root' });
      i.groupPermissions.push({ key: 'root', name: 'Root', grants: [g('Workspace Owner')], changeId: 'group:new:root' });
      i.joins.set('root', [{ email: 'A@acme.com', key: 'a@acme.com', changeIds: ['person:a@acme.com', 'group:new:root'] }]);
    });
    expect(ops.map((op) => op.params)).toEqual([
      { kind: 'createUserGroup', name: 'Root' },
      { kind: 'replacePermissionsForUserGroup', group: { createdBy: 'createUserGroup#1', name: 'Root' }, grants: [g('Workspace Owner')] },
      { kind: 'addUsersToUserGroup', group: { createdBy: 'createUserGroup#1', name: 'Root' }, emails: ['A@acme.com'] },
    ]);
    expect(brief(ops)).toEqual([
      { id: 'createUserGroup#1', after: [], rank: RANK.createGroup, changes: ['group:new:root'] },
      { id: 'replacePermissionsForUserGroup#1', after: ['createUserGroup#1'], rank: RANK.ownerGrant, changes: ['group:new:root'] },
      { id: 'addUsersToUserGroup#1', after: ['createUserGroup#1'], rank: RANK.join, changes: ['person:a@acme.com', 'group:new:root'] },
    ]);
  });

  it('sends an invite before its email joins a group, and cancels a re-issued invite before sending it again', () => {
    const ops = compile((i) => {
      i.invites.push({ email: 'New@acme.com', grants: [g('Source Read-only')], changeId: 'person:new@acme.com' });
      i.reissues.push({ email: 'Old@acme.com', grants: [], changeId: 'person:old@acme.com' });
      i.joins.set('eng', [
        { email: 'New@acme.com', key: 'new@acme.com', changeIds: ['person:new@acme.com', 'group:gEng'] },
        { email: 'Old@acme.com', key: 'old@acme.com', changeIds: ['person:old@acme.com', 'group:gEng'] },
        { email: 'member@acme.com', key: 'member@acme.com', changeIds: ['person:member@acme.com', 'group:gEng'] },
      ]);
    });
    expect(brief(ops)).toEqual([
      { id: 'createInvites#1', after: [], rank: RANK.invite, changes: ['person:new@acme.com'] },
      { id: 'deleteInvites#1', after: [], rank: RANK.reissueCancel, changes: ['person:old@acme.com'] },
      { id: 'createInvites#2', after: ['deleteInvites#1'], rank: RANK.reissueInvite, changes: ['person:old@acme.com'] },
      { id: 'addUsersToUserGroup#1', after: ['createInvites#1', 'createInvites#2'], rank: RANK.join,
        changes: ['person:new@acme.com', 'group:gEng', 'person:old@acme.com', 'person:member@acme.com'] },
    ]);
    expect(ops[1]!.params).toEqual({ kind: 'deleteInvites', emails: ['Old@acme.com'] });
    expect(ops[2]!.params).toEqual({ kind: 'createInvites', invites: [{ email: 'Old@acme.com', grants: [] }] });
    expect(ops[3]!.params).toEqual({ kind: 'addUsersToUserGroup', group: { id: 'gEng', name: 'Eng' }, emails: ['New@acme.com', 'Old@acme.com', 'member@acme.com'] });
  });

  it('batches lists at the API limits, groups in name order, leaves sorted by email', () => {
    const people = (n: number, prefix: string) => Array.from({ length: n }, (_, k) => `${prefix}${String(k).padStart(3, '0')}@acme.com`);
    const ops = compile((i) => {
      i.invites.push(...people(BATCH_SIZE + 1, 'inv').map((email) => ({ email, grants: [], changeId: `person:${email}` })));
      i.joins.set('ops', people(MEMBER_BATCH_SIZE + 1, 'j').map((email) => ({ email, key: email, changeIds: [`person:${email}`] })));
      i.joins.set('eng', [{ email: 'z@acme.com', key: 'z@acme.com', changeIds: ['person:z@acme.com'] }]);
      i.leaves.set('ops', [{ email: 'b@acme.com', changeIds: ['x'] }, { email: 'A@acme.com', changeIds: ['y'] }]);
      i.leaves.set('eng', people(BATCH_SIZE + 1, 'l').reverse().map((email) => ({ email, changeIds: [`person:${email}`] })));
      i.leaves.set('unknown', [{ email: 'q@acme.com', changeIds: ['q'] }]);
      i.cancels.push(...people(BATCH_SIZE + 1, 'c').map((email) => ({ email, changeId: `person:${email}` })));
      i.removals.push(...people(BATCH_SIZE + 1, 'r').map((email, k) => ({ id: `u${k}`, email, changeId: `person:${email}` })));
      i.deleteGroups.push({ id: 'gOld', name: 'old', changeId: 'group:gOld' });
    });
    const sizes = ops.map((op) => {
      const p = op.params;
      const n = 'emails' in p ? p.emails.length : 'invites' in p ? p.invites.length : 'users' in p ? p.users.length : 1;
      const where = 'group' in p ? ` ${p.group.name}` : '';
      return `${op.id}${where} ${n} r${op.rank}`;
    });
    expect(sizes).toEqual([
      `createInvites#1 ${BATCH_SIZE} r1`, 'createInvites#2 1 r1',
      'addUsersToUserGroup#1 Eng 1 r6',
      `addUsersToUserGroup#2 Ops ${MEMBER_BATCH_SIZE} r6`, 'addUsersToUserGroup#3 Ops 1 r6',
      `removeUsersFromUserGroup#1 Eng ${BATCH_SIZE} r8`, 'removeUsersFromUserGroup#2 Eng 1 r8', 'removeUsersFromUserGroup#3 Ops 2 r8',
      `deleteInvites#1 ${BATCH_SIZE} r9`, 'deleteInvites#2 1 r9',
      `deleteUsers#1 ${BATCH_SIZE} r10`, 'deleteUsers#2 1 r10',
      'deleteUserGroup#1 old 1 r11',
    ]);
    const leaveEng = ops.find((op) => op.id === 'removeUsersFromUserGroup#1')!.params as { emails: string[] };
    expect(leaveEng.emails[0]).toBe('l000@acme.com');
    expect((ops.find((op) => op.id === 'removeUsersFromUserGroup#3')!.params as { emails: string[] }).emails).toEqual(['A@acme.com', 'b@acme.com']);
    expect(ops.find((op) => op.id === 'deleteUsers#2')!.params).toEqual({ kind: 'deleteUsers', users: [{ id: `u${BATCH_SIZE}`, email: `r0${BATCH_SIZE}@acme.com` }] });
    expect(ops.find((op) => op.id === 'deleteInvites#2')!.changes).toEqual([`person:c0${BATCH_SIZE}@acme.com`]);
  });

  it('names each change once per call', () => {
    const ops = compile((i) => { i.joins.set('eng', [{ email: 'a@acme.com', key: 'a@acme.com', changeIds: ['person:a', 'group:gEng'] }, { email: 'b@acme.com', key: 'b@acme.com', changeIds: ['person:b', 'group:gEng'] }]); });
    expect(ops[0]!.changes).toEqual(['person:a', 'group:gEng', 'person:b']);
  });
});
