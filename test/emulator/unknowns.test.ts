// Each switch for what Segment leaves undocumented (docs/segment-api.md, "Unknowns"), seen from the
// wire: the emulator plays the variant the switch names, and the default keeps the historical one.
import { describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { DEFAULT_UNKNOWNS, describeUnknowns, parseUnknowns, unknownsOf, withUnknowns, type Unknowns } from '../../src/emulator/unknowns.js';
import { call, P, testEmulator } from '../helpers/emulator.js';

const WS = '9aQ1Lj62S4bomZKLF4DPqW';
const SOURCE_ADMIN = '1aEWGVnLYd7hzJC5hd9MtXBHvfZ';
const MWA = '1aEWAcU0fArxScocwH9xxLgW7r3';
const CAROL = 'uCar2Zq7Mb5Vn1Lx9Kt4R';
const ENGINEERS = '2DrXpkze3NH3ySNB6tUUs1TbJbo';

const seeded = (unknowns: Partial<Unknowns>) => testEmulator({ seed: withUnknowns(demoSeed(), unknowns) });

describe('unknowns: the spec', () => {
  it('reads switches, pessimistic and their combination, and names a bad one', () => {
    expect(parseUnknowns('audit-payload=opaque, caps=200')).toEqual({ auditPayload: 'opaque', caps: '200' });
    expect(unknownsOf({ unknowns: parseUnknowns('pessimistic') })).toEqual({ auditPayload: 'opaque', emptyLists: 'refuse', caps: '200', mwa: 'default', groups: 'available' });
    expect(parseUnknowns('pessimistic,groups=unavailable').groups).toBe('unavailable');
    expect(() => parseUnknowns('caps=300')).toThrow('caps takes none or 200, not "300"');
    expect(() => parseUnknowns('payload=opaque')).toThrow('unknown switch "payload"');
    expect(describeUnknowns(DEFAULT_UNKNOWNS)).toBe('defaults');
    expect(describeUnknowns(unknownsOf({ unknowns: parseUnknowns('pessimistic') }))).toBe('audit-payload=opaque,empty-lists=refuse,caps=200,mwa=default');
  });
});

describe('unknowns: on the wire', () => {
  it('audit-payload=opaque: events carry an opaque id and a display name, and invite events name the workspace', async () => {
    const emulator = await seeded({ auditPayload: 'opaque' });
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'new@acme.com', permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }] }] });
    await call(emulator, 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }] });
    const text = JSON.stringify(emulator.store.state.auditEvents.slice(-3));
    expect(text).not.toContain('new@acme.com');
    expect(text).not.toContain('carol@acme.com');
    expect(text).not.toContain(CAROL);
    expect(emulator.store.state.auditEvents.at(-3)).toMatchObject({ resourceType: 'workspace', resourceName: 'Acme (local demo)' });
  });

  it('audit-payload=email (default): events name the subject', async () => {
    const emulator = await seeded({});
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'new@acme.com', permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }] }] });
    expect(JSON.stringify(emulator.store.state.auditEvents.slice(-2))).toContain('new@acme.com');
  });

  it('empty-lists=refuse: an empty permission list is a 422 for users and groups; accept (default) takes it', async () => {
    const refusing = await seeded({ emptyLists: 'refuse' });
    expect((await call(refusing, 'PUT', `/users/${CAROL}/permissions`, { permissions: [] })).status).toBe(422);
    expect((await call(refusing, 'PUT', `/groups/${ENGINEERS}/permissions`, { permissions: [] })).status).toBe(422);
    const accepting = await seeded({});
    expect((await call(accepting, 'PUT', `/users/${CAROL}/permissions`, { permissions: [] })).status).toBe(200);
  });

  it('caps=200: more than 200 resources in one permission, or 200 permissions, is a 422; 200 is accepted', async () => {
    const seed = withUnknowns(demoSeed(), { caps: '200' });
    seed.sources = Array.from({ length: 201 }, (_, i) => ({ id: `src${i}`, slug: `s-${i}`, name: `S ${i}`, enabled: true, labels: [] }));
    const emulator = await testEmulator({ seed });
    const resources = (n: number) => seed.sources.slice(0, n).map((s) => ({ id: s.id, type: 'SOURCE' }));
    const over = await call(emulator, 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: resources(201) }] });
    expect(over.status).toBe(422);
    expect(JSON.stringify(over.body)).toContain('at most 200');
    expect((await call(emulator, 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: resources(200) }] })).status).toBe(200);
    const many = Array.from({ length: 201 }, (_, i) => ({ roleId: SOURCE_ADMIN, resources: [{ id: `src${i}`, type: 'SOURCE' }] }));
    expect((await call(emulator, 'PUT', `/users/${CAROL}/permissions`, { permissions: many })).status).toBe(422);
    expect((await call(await seeded({}), 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }] })).status).toBe(200);
  });

  it('mwa=default: every member and group starts with Minimal Workspace Access, and so do accepted invites and new groups', async () => {
    const emulator = await seeded({ mwa: 'default' });
    const users = (await call(emulator, 'GET', `/users?${P}`)).body.data.users as Array<{ email: string; permissions: Array<{ roleName: string }> }>;
    expect(users.every((u) => u.permissions.some((p) => p.roleName === 'Minimal Workspace Access'))).toBe(true);
    const created = await call(emulator, 'POST', '/groups', { name: 'fresh' });
    const group = await call(emulator, 'GET', `/groups/${created.body.data.userGroup.id}`);
    expect(JSON.stringify(group.body)).toContain(MWA);
    const none = await seeded({});
    const plain = (await call(none, 'GET', `/users?${P}`)).body.data.users as Array<{ permissions: Array<{ roleName: string }> }>;
    expect(plain.some((u) => u.permissions.every((p) => p.roleName !== 'Minimal Workspace Access'))).toBe(true);
  });

  it('groups=unavailable: the groups and Audit Trail endpoints answer bad-request, and /roles lists the Team roles', async () => {
    const emulator = await seeded({ groups: 'unavailable' });
    const groups = await call(emulator, 'GET', `/groups?${P}`);
    expect(groups.status).toBe(400);
    expect(groups.body).toEqual({ errors: [{ type: 'bad-request', message: 'Your plan does not include User Groups. Contact sales to upgrade to business tier.' }] });
    expect((await call(emulator, 'GET', `/audit-events?${P}`)).status).toBe(400);
    const roles = (await call(emulator, 'GET', `/roles?${P}`)).body.data.roles.map((r: { name: string }) => r.name).sort();
    expect(roles).toEqual(['Minimal Workspace Access', 'Source Admin', 'Workspace Owner']);
    expect((await call(emulator, 'GET', `/users?${P}`)).status).toBe(200);
  });
});
