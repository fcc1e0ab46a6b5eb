import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../src/emulator/rate-limit.js';
import { call, testEmulator } from '../helpers/emulator.js';

describe('emulator: per-endpoint rate limits', () => {
  it('answers 429 with the documented body after 60 mutations on one endpoint, while another endpoint still works', async () => {
    const clock = Date.parse('2026-11-22T10:00:30.000Z');
    const emulator = await testEmulator({ rateLimit: parseRateLimit('60/min'), now: () => clock });

    const ok = [];
    for (let i = 0; i < 60; i++) ok.push(await call(emulator, 'POST', '/groups', { name: `g${i}` }));
    const limited = await call(emulator, 'POST', '/groups', { name: 'one-too-many' });
    const other = await call(emulator, 'POST', '/labels', { label: { key: 'team', value: 'x' } });
    const read = await call(emulator, 'GET', '/groups?pagination%5Bcount%5D=1');

    expect(ok.every((r) => r.status === 200)).toBe(true);
    expect(ok[0]!.headers).toMatchObject({ 'x-ratelimit-consumed': '1', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': 'Sun, 22 Nov 2026 10:01:00 GMT' });
    expect(ok[59]!.headers).toMatchObject({ 'x-ratelimit-consumed': '60', 'x-ratelimit-remaining': '0' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ errors: [{ type: 'RequestError', message: 'Too many requests', data: { remainingPoints: 0, msBeforeNext: 30_000, consumedPoints: 60 } }] });
    expect(other).toMatchObject({ status: 201, headers: { 'x-ratelimit-remaining': '59' } });
    expect(read.status).toBe(200);
    expect(read.body.data.pagination.totalEntries).toBe(62); // 2 seeded + 60 created; the 429 changed nothing
  });

  it('scales the window (60/s) with the same proportions', () => {
    expect(parseRateLimit('60/s')).toEqual({ points: 60, windowMs: 1000 });
    expect(parseRateLimit('60/min')).toEqual({ points: 60, windowMs: 60_000 });
    expect(parseRateLimit('off')).toBeNull();
    expect(() => parseRateLimit('fast')).toThrow('expected N/s, N/min or off');
  });
});
