import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import { SegmentClient } from '../../src/segment/client.js';
import { readWorkspace } from '../../src/workspace/read.js';
import { grantKey } from '../../src/workspace/model.js';
import { testEmulator } from '../helpers/emulator.js';

describe('readWorkspace', () => {
  it('reads the demo workspace into the normalized model, with invite ages from the Audit Trail', async () => {
    const emulator = await testEmulator();
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });

    const actual = await readWorkspace(client, { now: new Date('2026-11-22T00:00:00Z') });

    expect([...actual.users.keys()]).toEqual(['alice@acme.com', 'bob@acme.com', 'breakglass@acme.com', 'carol@acme.com', 'erin@acme.com', 'mallory@acme.com']);
    expect(actual.users.get('bob@acme.com')!.email).toBe('Bob@acme.com');
    expect(actual.invites.get('frank@acme.com')).toEqual({ email: 'frank@acme.com', sentAt: '2026-11-18T09:30:00.000Z' });
    expect([...[...actual.groups.values()].find((g) => g.name === 'engineers')!.members.keys()]).toEqual(['carol@acme.com']);
    expect(actual.sources.find((s) => s.slug === 'web-prod')!.labels).toEqual(['environment=prod']);
    expect(actual.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    await client.close();
  });

  it.each([
    ['the email in resourceName only, inside other words', { resourceId: 'inv_83k', resourceName: 'Invite for Frank@Acme.com (Source Admin)' }, '2026-11-18T09:30:00.000Z'],
    ['the email in neither field: the age is unknown', { resourceId: 'res_01', resourceName: 'Acme (local demo)', resourceType: 'workspace' }, undefined],
    ['a longer address that only ends with the email: not it', { resourceId: 'x', resourceName: 'xfrank@acme.com' }, undefined],
  ])('dates an invite from an invite event with %s', async (_name, fields, sentAt) => {
    const seed = demoSeed();
    seed.auditEvents = seed.auditEvents.map((e) => ({ ...e, ...fields }));
    const emulator = await testEmulator({ seed });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });
    const actual = await readWorkspace(client, { now: new Date('2026-11-22T00:00:00Z') });
    expect(actual.invites.get('frank@acme.com')!.sentAt).toBe(sentAt);
    await client.close();
  });

  it('falls back to GET /users/{id} when the list omits permissions, with the same result', async () => {
    const full = await testEmulator();
    const sparse = await testEmulator({ omitListPermissions: true });
    const a = new SegmentClient({ baseUrl: full.url, token: full.token });
    const b = new SegmentClient({ baseUrl: sparse.url, token: sparse.token });

    const [withList, withFallback] = await Promise.all([readWorkspace(a), readWorkspace(b)]);

    expect(withFallback.fingerprint).toBe(withList.fingerprint);
    expect(b.stats.byOperation.getUser).toBe(6);
    await a.close();
    await b.close();
  });

  it('keeps two label selectors of one role apart when the read also lists their labels at permission level', async () => {
    const seed = demoSeed();
    const ws = seed.workspace.id;
    seed.groups[0]!.permissions = [{ roleId: seed.roles[2]!.id, resources: [
      { id: ws, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'staging' }] },
      { id: ws, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'dev' }] },
    ] }];
    const emulator = await testEmulator({ seed });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });

    const actual = await readWorkspace(client);

    expect([...actual.groups.values()].find((g) => g.name === 'engineers')!.grants.map(grantKey)).toEqual([
      `${seed.roles[2]!.id}|WORKSPACE|${ws}|environment=dev`, `${seed.roles[2]!.id}|WORKSPACE|${ws}|environment=staging`,
    ]);
    await client.close();
  });

  it('treats label placement (resource or permission level) as the same grant', async () => {
    const seed = demoSeed();
    const label = [{ key: 'environment', value: 'prod' }];
    seed.groups[0]!.permissions = [{ roleId: seed.roles[3]!.id, resources: [{ id: seed.workspace.id, type: 'WORKSPACE', labels: label }] }];
    const emulator = await testEmulator({ seed });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });

    const actual = await readWorkspace(client);

    expect([...actual.groups.values()].find((g) => g.name === 'engineers')!.grants.map(grantKey)).toEqual([`${seed.roles[3]!.id}|WORKSPACE|${seed.workspace.id}|environment=prod`]);
    await client.close();
  });

  it('changes its fingerprint when the workspace changes', async () => {
    const emulator = await testEmulator();
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });

    const before = await readWorkspace(client);
    await client.call('createInvites', { body: { invites: [{ email: 'n@acme.com' }] } });
    const after = await readWorkspace(client);

    expect(after.fingerprint).not.toBe(before.fingerprint);
    await client.close();
  });
});

describe('when one read fails', () => {
  it('fails with the first error, and once the client is closed the reads still queued (here 120 group reads) are not sent', async () => {
    const emulator = await testEmulator({ seed: generateSeed({ users: 20, groups: 60, sources: 5, seed: 3, slug: 'many-groups' }) });
    // In front of the emulator: GET /roles is refused after 40 ms, everything else is passed on.
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url!.startsWith('/roles')) {
        setTimeout(() => res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"type":"Unauthorized","message":"token revoked"}]}'), 40);
        return;
      }
      void request(`${emulator.url}${req.url}`, { headers: { authorization: req.headers.authorization! } }).then(async (answer) => {
        const body = await answer.body.text();
        setTimeout(() => res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(body), 5);
      }, () => res.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const client = new SegmentClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, token: emulator.token, concurrency: 2 });

    await expect(readWorkspace(client)).rejects.toThrow(/^listRoles \(GET \/roles\?\S+\) failed: HTTP 401 Unauthorized: token revoked$/);
    await client.close();
    const groupReads = seen.filter((url) => /^\/groups\/[^/?]+\/(users|invites)/.test(url)).length;
    expect(groupReads).toBeLessThan(20);
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });
});

describe('reading at a read limit', () => {
  it('paces the per-user getUser fallback by the X-RateLimit headers: no 429', async () => {
    const seed = demoSeed();
    const perms = seed.users[0]!.permissions;
    seed.users.push(...Array.from({ length: 60 }, (_, i) => ({ id: `uBulk${String(i).padStart(3, '0')}`, name: '', email: `bulk${i}@acme.com`, permissions: perms })));
    const emulator = await testEmulator({ seed, omitListPermissions: true, readRateLimit: { points: 30, windowMs: 1000 } });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, concurrency: 16 });
    const started = Date.now();

    const actual = await readWorkspace(client);

    expect(actual.users.size).toBe(66);
    expect([...actual.users.values()].every((u) => u.grants.length > 0)).toBe(true);
    expect(emulator.stats.byStatus['429']).toBeUndefined();
    expect(client.stats.byOperation.getUser).toBe(66);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // 66 getUser calls at 30 a second need a third window
    await client.close();
  });
});
