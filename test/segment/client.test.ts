import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/emulator/faults.js';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import { parseRateLimit } from '../../src/emulator/rate-limit.js';
import { SegmentClient } from '../../src/segment/client.js';
import { SegmentApiError } from '../../src/segment/errors.js';
import { encodeQuery } from '../../src/segment/query.js';
import { testEmulator } from '../helpers/emulator.js';

function clientFor(emulator: { url: string; token: string }, extra: Partial<ConstructorParameters<typeof SegmentClient>[0]> = {}) {
  return new SegmentClient({ baseUrl: emulator.url, token: emulator.token, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))), ...extra });
}

describe('SegmentClient', () => {
  it('encodes queries as the TypeScript SDK does', () => {
    expect(encodeQuery({ pagination: { count: 10, cursor: 'MA==' } })).toBe('?pagination%5Bcount%5D=10&pagination%5Bcursor%5D=MA%3D%3D');
    expect(encodeQuery({ emails: ['a@b.com', 'C@D.com'] })).toBe('?emails%5B0%5D=a%40b.com&emails%5B1%5D=C%40D.com');
  });

  it('pages with count 1000 until next is absent', async () => {
    const emulator = await testEmulator({ seed: generateSeed({ users: 2500, groups: 0, sources: 0, invites: 0 }) });
    const client = clientFor(emulator);

    const users = await client.list('listUsers');

    expect(users).toHaveLength(2500);
    expect(client.stats.byOperation.listUsers).toBe(3);
    await client.close();
  });

  it('retries reads through 5xx answers and dropped connections', async () => {
    const emulator = await testEmulator({ faults: parseFaults('5xx=0.3,reset=0.2'), faultSeed: 5 });
    const client = clientFor(emulator, { maxRetries: 10 });

    const results = await Promise.all(Array.from({ length: 20 }, () => client.call('getWorkspace')));

    expect(results.every((r) => r.workspace.slug === 'acme-prod')).toBe(true);
    expect(client.stats.retries).toBeGreaterThan(0);
    await client.close();
  });

  it('waits out a 429 by msBeforeNext and then succeeds', async () => {
    const emulator = await testEmulator({ rateLimit: parseRateLimit('3/s') });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });
    const started = Date.now();

    for (let i = 0; i < 7; i++) await client.call('createUserGroup', { body: { name: `g${i}` } });

    expect(emulator.store.state.groups).toHaveLength(9);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // three windows were needed
    expect(client.stats.rateLimited).toBe(0); // paced by X-RateLimit-Remaining/Reset, not by 429s
    await client.close();
  });

  it('does not retry a mutation that may have been applied, and says so', async () => {
    const emulator = await testEmulator({ faults: parseFaults('lost=1') });
    const client = clientFor(emulator);

    const error = await client.call('createUserGroup', { body: { name: 'x' } }).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as SegmentApiError);

    expect(error).toBeInstanceOf(SegmentApiError);
    expect(error.maybeApplied).toBe(true);
    expect(client.stats.byOperation.createUserGroup).toBe(1);
    expect(emulator.store.state.groups.map((g) => g.name)).toContain('x');
    await client.close();
  });

  it('names the operation, status and Segment message, and never the token', async () => {
    const emulator = await testEmulator();
    const client = new SegmentClient({ baseUrl: emulator.url, token: 'sgp_wrong_token_value_12345' });

    const error: SegmentApiError = await client.call('getWorkspace').then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as SegmentApiError);

    expect(error.message).toBe('getWorkspace (GET /) failed: HTTP 401 Unauthorized: Missing or invalid token');
    expect(error.hint).toContain('SEGMENT_API_TOKEN');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('sgp_wrong_token_value_12345');
    await client.close();
  });

  it('reports a network failure with the call it was making', async () => {
    const client = new SegmentClient({ baseUrl: 'http://127.0.0.1:9', token: 't', maxRetries: 1, sleep: async () => {} });

    const error: SegmentApiError = await client.call('listRoles').then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as SegmentApiError);

    expect(error.message).toMatch(/^listRoles \(GET \/roles\) failed: no response NetworkError: /);
    await client.close();
  });
});
