import { describe, expect, it } from 'vitest';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import { call, testEmulator } from '../helpers/emulator.js';

describe('emulator: pagination', () => {
  it('reads 2,500 users in 3 pages of at most 1000 with opaque cursors, next absent at the end', async () => {
    const emulator = await testEmulator({ seed: generateSeed({ users: 2500, groups: 0, sources: 0, invites: 0 }) });
    const pages: any[] = [];

    let cursor: string | undefined;
    do {
      const query = `pagination%5Bcount%5D=1000${cursor ? `&pagination%5Bcursor%5D=${encodeURIComponent(cursor)}` : ''}`;
      const res = await call(emulator, 'GET', `/users?${query}`);
      pages.push(res.body.data);
      cursor = res.body.data.pagination.next;
    } while (cursor);

    expect(pages.map((p) => p.users.length)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p.pagination)).toEqual([
      { current: 'MA==', next: 'MTAwMA==', totalEntries: 2500 },
      { current: 'MTAwMA==', next: 'MjAwMA==', previous: 'MA==', totalEntries: 2500 },
      { current: 'MjAwMA==', previous: 'MTAwMA==', totalEntries: 2500 },
    ]);
    expect(new Set(pages.flatMap((p) => p.users.map((u: any) => u.id))).size).toBe(2500);
  });

  it.each([
    ['qs brackets (TS SDK)', 'pagination%5Bcount%5D=2&pagination%5Bcursor%5D=MQ%3D%3D'],
    ['dots (docs)', 'pagination.count=2&pagination.cursor=MQ%3D%3D'],
  ])('accepts pagination in %s', async (_name, query) => {
    const emulator = await testEmulator();

    const res = await call(emulator, 'GET', `/users?${query}`);

    expect(res.body.data.users.map((u: any) => u.email)).toEqual(['Bob@acme.com', 'breakglass@acme.com']);
    expect(res.body.data.pagination).toMatchObject({ current: 'MQ==', next: 'Mw==', previous: 'MA==' });
  });

  it.each([
    ['emails[0]', 'emails%5B0%5D=a%40x.com&emails%5B1%5D=b%40x.com'],
    ['emails.0 (Go SDK)', 'emails.0=a%40x.com&emails.1=b%40x.com'],
    ['emails[]', 'emails%5B%5D=a%40x.com&emails%5B%5D=b%40x.com'],
    ['repeated keys', 'emails=a%40x.com&emails=b%40x.com'],
  ])('accepts arrays as %s', async (_name, query) => {
    const emulator = await testEmulator();
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'a@x.com' }, { email: 'b@x.com' }, { email: 'c@x.com' }] });

    const res = await call(emulator, 'DELETE', `/invites?${query}`);
    const left = await call(emulator, 'GET', '/invites?pagination%5Bcount%5D=10');

    expect(res.status).toBe(200);
    expect(left.body.data.invites).toEqual(['frank@acme.com', 'c@x.com']);
  });

  it('pages audit events newest first with base64 JSON cursors', async () => {
    const emulator = await testEmulator();
    for (const name of ['a', 'b', 'c']) await call(emulator, 'POST', '/groups', { name });

    const first = await call(emulator, 'GET', '/audit-events?pagination%5Bcount%5D=2');
    const second = await call(emulator, 'GET', `/audit-events?pagination%5Bcount%5D=2&pagination%5Bcursor%5D=${encodeURIComponent(first.body.data.pagination.next)}`);

    expect(first.body.data.events.map((e: any) => e.resourceName)).toEqual(['c', 'b']);
    expect(JSON.parse(Buffer.from(first.body.data.pagination.next, 'base64').toString())).toEqual({ offset: 2 });
    expect(second.body.data.events.map((e: any) => e.resourceName)).toEqual(['a', 'frank@acme.com']); // the demo seed's invite event
  });
});
