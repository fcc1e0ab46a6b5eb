// The client's decisions, one row per branch, against a scripted HTTP server on loopback: what it
// sends, which failures it retries and how long it waits, when it gives up, and how it pages. The
// scripted answers are the ones a real API, a gateway or a broken network can give (docs/segment-api.md, "Transport").
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentClient, type ClientOptions } from '../../src/segment/client.js';
import type { SegmentApiError } from '../../src/segment/errors.js';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }
type Script = (req: Seen, n: number, res: ServerResponse) => void;

const servers: Array<() => Promise<void>> = [];
afterEach(async () => { for (const close of servers.splice(0)) await close(); });

async function scripted(script: Script): Promise<{ url: string; seen: Seen[]; maxInFlight: () => number; openConnections: () => number }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let most = 0;
  let open = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      most = Math.max(most, ++inFlight);
      res.on('close', () => inFlight--);
      script(s, seen.length, res);
    });
  });
  server.on('connection', (socket) => { open++; socket.once('close', () => open--); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(async () => { server.closeAllConnections(); await new Promise<void>((r) => server.close(() => r())); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, maxInFlight: () => most, openConnections: () => open };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
const WORKSPACE = { data: { workspace: { id: 'w1', slug: 'acme', name: 'Acme' } } };
const GROUP = { data: { userGroup: { id: 'g1', name: 'x', memberCount: 0, permissions: [] } } };
const TOKEN = 'sgp_scripted_token_0123456789';

function client(url: string, extra: Partial<ClientOptions> = {}) {
  const waits: number[] = [];
  const c = new SegmentClient({ baseUrl: url, token: TOKEN, sleep: async (ms) => { waits.push(ms); }, ...extra });
  return { c, waits };
}
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as SegmentApiError);

describe('what the client sends', () => {
  it('sends the token, JSON headers and the body only when there is one, to the base URL without trailing slashes', async () => {
    const server = await scripted((req, _n, res) => json(res, req.method === 'GET' ? 200 : 200, req.method === 'GET' ? WORKSPACE : GROUP));
    const { c } = client(`${server.url}///`);
    await c.call('getWorkspace');
    await c.call('createUserGroup', { body: { name: 'x' } });
    const [get, post] = server.seen;
    expect(get!.url).toBe('/');
    expect(get!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'user-agent': 'segment-access' });
    expect(get!.headers['content-type']).toBeUndefined();
    expect(get!.body).toBe('');
    expect(post).toMatchObject({ method: 'POST', url: '/groups', body: '{"name":"x"}' });
    expect(post!.headers['content-type']).toBe('application/json');
    expect(c.stats).toEqual({ requests: 2, retries: 0, rateLimited: 0, byOperation: { getWorkspace: 1, createUserGroup: 1 } });
    await c.close();
  });

  it('sends the user agent it is given', async () => {
    const server = await scripted((_req, _n, res) => json(res, 200, WORKSPACE));
    const { c } = client(server.url, { userAgent: 'segment-access/9 (ci)' });
    await c.call('getWorkspace');
    expect(server.seen[0]!.headers['user-agent']).toBe('segment-access/9 (ci)');
    await c.close();
  });

  it.each<[number | undefined, number]>([[undefined, 1000], [5000, 1000], [0, 1], [-3, 1], [250, 250]])('asks for pages of %s as %i', async (pageSize, count) => {
    const server = await scripted((_req, _n, res) => json(res, 200, { data: { users: [], pagination: { current: 'MA==', totalEntries: 0 } } }));
    const { c } = client(server.url, { pageSize });
    expect(c.pageSize).toBe(count);
    await c.list('listUsers');
    expect(server.seen.map((s) => s.url)).toEqual([`/users?pagination%5Bcount%5D=${count}`]);
    await c.close();
  });

  it.each<[number | undefined, number]>([[undefined, 8], [2, 2], [1, 1]])('keeps at most %s list reads in flight', async (concurrency, most) => {
    const server = await scripted((_req, _n, res) => { setTimeout(() => json(res, 200, { data: { users: [], pagination: { current: 'MA==' } } }), 30); });
    const { c } = client(server.url, { concurrency });
    await Promise.all(Array.from({ length: 12 }, () => c.list('listUsers')));
    expect(server.maxInFlight()).toBe(most);
    await c.close();
  });

  it('closes without having sent anything, and a call begun before close() sends nothing', async () => {
    const server = await scripted((_req, _n, res) => json(res, 200, WORKSPACE));
    await client(server.url).c.close();
    const { c } = client(server.url);
    const pending = c.call('getWorkspace');
    await c.close();
    await expect(pending).rejects.toThrow(/NetworkError: the client is closed/);
    expect(server.seen).toHaveLength(0);
  });

  it('closes its own connection pool but not one it was given', async () => {
    const server = await scripted((_req, _n, res) => json(res, 200, WORKSPACE));
    const agent = new Agent();
    const given = client(server.url, { dispatcher: agent }).c;
    await given.call('getWorkspace');
    await given.close();
    expect(agent.closed).toBe(false);
    await given.call('getWorkspace');
    await agent.close();
    const own = client(server.url).c;
    await own.call('getWorkspace');
    expect(server.openConnections()).toBe(1); // kept alive by the client's own pool...
    await own.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.openConnections()).toBe(0); // ...which closing the client closes
    await expect(own.call('getWorkspace')).rejects.toThrow('getWorkspace (GET /) failed: no response NetworkError: the client is closed; nothing more is sent');
    await expect(own.list('listUsers')).rejects.toThrow(/NetworkError: the client is closed/);
    expect(own.stats).toMatchObject({ requests: 1, retries: 0 }); // refused at once: not sent, not retried
  });
});

describe('failures and retries', () => {
  it.each<[string, number, string, string]>([
    ['a 400 without a body', 400, '', 'BadRequest'],
    ['a 401', 401, 'nope', 'Unauthorized'],
    ['a 403', 403, 'nope', 'Forbidden'],
    ['a 404', 404, 'nope', 'NotFound'],
    ['a 409', 409, 'nope', 'Conflict'],
    ['a 413', 413, 'nope', 'PayloadTooLarge'],
    ['a 422', 422, 'nope', 'ValidationFailure'],
    ['a 418', 418, 'I am a teapot', 'Error'],
    ['a 302', 302, '', 'Error'],
    ['a 300 carrying a good body', 300, JSON.stringify(WORKSPACE), 'Error'],
  ])('does not retry %s and names its status', async (_name, status, body, type) => {
    const server = await scripted((_req, _n, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body));
    const { c, waits } = client(server.url);
    const error = await failure(c.call('getWorkspace'));
    expect(error.message).toBe(`getWorkspace (GET /) failed: HTTP ${status} ${type}${body ? `: ${body.slice(0, 200)}` : ''}`);
    expect(error.status).toBe(status);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
    await c.close();
  });

  it('uses the type and message of the first error in a Segment error body, cut to 200 characters when there is none', async () => {
    const long = 'x'.repeat(300);
    const server = await scripted((_req, n, res) => (n === 1
      ? json(res, 422, { errors: [{ type: 'validation', message: `the token ${TOKEN} may not do this` }, { type: 'other', message: 'second' }] })
      : json(res, 422, { errors: [{}], long })));
    const { c } = client(server.url);
    const first = await failure(c.call('createInvites', { body: { invites: [] } }));
    expect(first.message).toBe('createInvites (POST /invites) failed: HTTP 422 validation: the token [redacted] may not do this');
    expect(first.maybeApplied).toBe(false);
    const second = await failure(c.call('createInvites', { body: { invites: [] } }));
    expect(second.type).toBe('ValidationFailure');
    expect(second.detail).toBe(JSON.stringify({ errors: [{}], long }).slice(0, 200));
    await c.close();
  });

  it('retries a read through 5xx answers, with backoff, and gives up after maxRetries', async () => {
    const server = await scripted((_req, _n, res) => json(res, 500, { errors: [{ type: 'internal', message: 'boom' }] }));
    const { c, waits } = client(server.url, { maxRetries: 2, unreachableMs: 60_000 });
    const error = await failure(c.call('getWorkspace'));
    expect(error.message).toBe('getWorkspace (GET /) failed: HTTP 500 internal: boom');
    expect(server.seen).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(c.stats.retries).toBe(2);
    await c.close();
  });

  it('retries a read five times by default, then succeeds on the sixth answer', async () => {
    const server = await scripted((_req, n, res) => (n <= 5 ? json(res, 503, '') : json(res, 200, WORKSPACE)));
    const { c } = client(server.url);
    expect((await c.call('getWorkspace')).workspace.slug).toBe('acme');
    expect(server.seen).toHaveLength(6);
    const again = await scripted((_req, _n, res) => json(res, 502, ''));
    const { c: d } = client(again.url);
    expect((await failure(d.call('getWorkspace'))).type).toBe('ServerError');
    expect(again.seen).toHaveLength(6);
    await c.close();
    await d.close();
  });

  it('does not retry a mutation answered 5xx, and says it may have been applied', async () => {
    const server = await scripted((_req, _n, res) => json(res, 500, ''));
    const { c, waits } = client(server.url);
    const error = await failure(c.call('createUserGroup', { body: { name: 'x' } }));
    expect(error).toMatchObject({ status: 500, type: 'ServerError', maybeApplied: true });
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
    await c.close();
  });

  it('does not believe a 2xx body of the wrong shape, and does not retry it', async () => {
    const server = await scripted((_req, _n, res) => json(res, 200, { data: { users: 'none' } }));
    const { c } = client(server.url);
    const read = await failure(c.call('getWorkspace'));
    expect(read.message).toBe("getWorkspace (GET /) failed: HTTP 200 InvalidResponse: answered with a body Segment's API does not send: data has no `workspace`");
    expect(read.maybeApplied).toBe(false);
    const write = await failure(c.call('createUserGroup', { body: { name: 'x' } }));
    expect(write).toMatchObject({ status: 200, type: 'InvalidResponse', maybeApplied: true });
    expect(server.seen).toHaveLength(2);
    await c.close();
  });

  it('reports a dropped connection as a network error that a mutation may have survived', async () => {
    const server = await scripted((_req, n, res) => (n === 1 ? res.socket!.destroy() : json(res, 200, WORKSPACE)));
    const { c } = client(server.url);
    const error = await failure(c.call('createUserGroup', { body: { name: 'x' } }));
    expect(error.message).toMatch(/^createUserGroup \(POST \/groups\) failed: no response NetworkError: UND_ERR_SOCKET: /);
    expect(error.maybeApplied).toBe(true);
    // A read after it is retried and succeeds.
    const flaky = await scripted((_req, n, res) => (n === 1 ? res.socket!.destroy() : json(res, 200, WORKSPACE)));
    const { c: d, waits } = client(flaky.url);
    expect((await d.call('getWorkspace')).workspace.id).toBe('w1');
    expect(waits).toHaveLength(1);
    expect(d.stats.retries).toBe(1);
    await c.close();
    await d.close();
  });

  it('gives up on a request whose answer does not start within the deadline', async () => {
    const server = await scripted(() => { /* never answers */ });
    const { c } = client(server.url, { timeoutMs: 100, maxRetries: 0 });
    const error = await failure(c.call('deleteUsers', { query: { userIds: ['u1'] } }));
    expect(error.message).toBe('deleteUsers (DELETE /users?userIds%5B0%5D=u1) failed: no response NetworkError: timed out after 100 ms');
    expect(error.maybeApplied).toBe(true);
    await c.close();
  });

  it('gives up on a body that does not finish within the deadline', async () => {
    const server = await scripted((_req, _n, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"data":'); });
    const { c } = client(server.url, { timeoutMs: 150, maxRetries: 0 });
    const read = await failure(c.call('getWorkspace'));
    expect(read.message).toBe('getWorkspace (GET /) failed: no response NetworkError: timed out after 150 ms');
    expect(read.maybeApplied).toBe(false);
    const write = await failure(c.call('createUserGroup', { body: { name: 'x' } }));
    expect(write.maybeApplied).toBe(true);
    await c.close();
  });

  it('reports a body cut off by the server as a network error', async () => {
    const server = await scripted((_req, _n, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"data":', () => res.socket!.destroy());
    });
    const { c } = client(server.url, { maxRetries: 0 });
    const error = await failure(c.call('getWorkspace'));
    expect(error.message).toMatch(/^getWorkspace \(GET \/\) failed: no response NetworkError: \w/);
    expect(error.message).not.toMatch(/timed out/);
    await c.close();
  });
});

describe('rate limits', () => {
  const tooMany = (ms?: number) => ({ errors: [{ type: 'too-many-requests', message: 'slow down', ...(ms === undefined ? {} : { data: { msBeforeNext: ms } }) }] });

  it.each<[string, number, boolean]>([['a short', 994, false], ['a one-second', 995, true], ['a longer', 4000, true]])('waits out %s msBeforeNext (+5 ms) and retries, announcing waits of a second or more', async (_name, ms, announced) => {
    const server = await scripted((_req, n, res) => (n === 1 ? json(res, 429, tooMany(ms)) : json(res, 200, WORKSPACE)));
    const told: string[] = [];
    const { c, waits } = client(server.url, { onWait: (m) => told.push(m) });
    expect((await c.call('getWorkspace')).workspace.name).toBe('Acme');
    // (The pacer's own block of the endpoint then finds the time already waited: these sleeps do not move the clock.)
    expect(waits[0]).toBe(ms + 5);
    expect(told[0]).toBe(announced ? `waiting ${Math.ceil((ms + 5) / 1000)} s: rate limit on getWorkspace (a 429 answer; ${Math.ceil((ms + 5) / 1000)} s waited in this run)` : undefined);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
    await c.close();
  });

  it('retries a mutation answered 429: nothing was applied', async () => {
    const server = await scripted((_req, n, res) => (n <= 2 ? json(res, 429, tooMany(0)) : json(res, 200, GROUP)));
    const { c, waits } = client(server.url);
    expect((await c.call('createUserGroup', { body: { name: 'x' } })).userGroup.id).toBe('g1');
    expect(server.seen).toHaveLength(3);
    // Each 429 is waited out by its msBeforeNext (+5 ms); the pacer's block of the endpoint adds at most that again.
    expect(waits.filter((w) => w === 5).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...waits)).toBe(5);
    expect(c.stats.rateLimited).toBe(2);
    await c.close();
  });

  it('waits for X-RateLimit-Reset when a 429 carries no msBeforeNext', async () => {
    const reset = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3000);
    const server = await scripted((_req, n, res) => (n === 1 ? json(res, 429, tooMany(), { 'x-ratelimit-reset': reset.toUTCString() }) : json(res, 200, WORKSPACE)));
    const { c, waits } = client(server.url);
    await c.call('getWorkspace');
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(4005);
    await c.close();
  });

  it.each<[string, Record<string, string>, unknown]>([
    ['no msBeforeNext and no reset', {}, tooMany()],
    ['a negative msBeforeNext', {}, tooMany(-10)],
    ['a reset that is not a date', { 'x-ratelimit-reset': 'soon' }, tooMany()],
    ['a body that is not JSON', {}, 'Too Many Requests'],
  ])('backs off when a 429 has %s', async (_name, headers, body) => {
    const server = await scripted((_req, n, res) => (n === 1 ? json(res, 429, body as string, headers) : json(res, 200, WORKSPACE)));
    const { c, waits } = client(server.url);
    await c.call('getWorkspace');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    await c.close();
  });

  it('a reset in the past waits only the 5 ms margin', async () => {
    const server = await scripted((_req, n, res) => (n === 1 ? json(res, 429, tooMany(), { 'x-ratelimit-reset': new Date(Date.now() - 60_000).toUTCString() }) : json(res, 200, WORKSPACE)));
    const { c, waits } = client(server.url);
    await c.call('getWorkspace');
    expect(waits).toEqual([5]);
    await c.close();
  });

  it.each<[number, number, string]>([
    [60_000, 120_000, 'Segment asked to wait 2 min (a 429 answer), more than the 60 s this run accepts (SEGMENT_ACCESS_MAX_WAIT); nothing more was sent'],
    [1000, 1496, 'Segment asked to wait 2 s (a 429 answer), more than the 1 s this run accepts (SEGMENT_ACCESS_MAX_WAIT); nothing more was sent'],
    [300_000, 3_600_000, 'Segment asked to wait 60 min (a 429 answer), more than the 5 min this run accepts (SEGMENT_ACCESS_MAX_WAIT); nothing more was sent'],
  ])('refuses a wait over maxWaitMs %i at once', async (maxWaitMs, ms, detail) => {
    const server = await scripted((_req, _n, res) => json(res, 429, tooMany(ms - 5)));
    const { c, waits } = client(server.url, maxWaitMs === 300_000 ? {} : { maxWaitMs });
    const error = await failure(c.call('createInvites', { body: { invites: [] } }));
    expect(error).toMatchObject({ status: 429, type: 'RateLimitWaitTooLong', detail });
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
    await c.close();
  });

  it('accepts a wait equal to maxWaitMs', async () => {
    const server = await scripted((_req, n, res) => (n === 1 ? json(res, 429, tooMany(995)) : json(res, 200, WORKSPACE)));
    const { c, waits } = client(server.url, { maxWaitMs: 1000 });
    await c.call('getWorkspace');
    expect(waits[0]).toBe(1000);
    await c.close();
  });

  it('bounds the waits of one call in all: a 429 just under the cap, again and again, stops at the cap', async () => {
    const server = await scripted((_req, _n, res) => json(res, 429, tooMany(59_000)));
    const { c, waits } = client(server.url, { maxWaitMs: 60_000, maxRetries: 50 });
    const error = await failure(c.call('createInvites', { body: { invites: [] } }));
    expect(error).toMatchObject({ status: 429, type: 'RateLimitWaitTooLong' });
    expect(error.detail).toBe('this call has waited 60 s for the rate limit already, and Segment asks for 60 s more (a 429 answer): past the 60 s one call may wait in all (SEGMENT_ACCESS_MAX_WAIT); nothing more was sent');
    expect(waits).toEqual([59_005]);
    await c.close();
  });

  it('bounds the waits of a run in all, across calls', async () => {
    const server = await scripted((_req, n, res) => (n % 2 === 1 ? json(res, 429, tooMany(40_000)) : json(res, 200, WORKSPACE)));
    const { c, waits } = client(server.url, { maxWaitMs: 60_000, maxWaitTotalMs: 100_000 });
    await c.call('getWorkspace');
    await c.call('getWorkspace');
    const error = await failure(c.call('getWorkspace'));
    expect(error.detail).toBe('this run has waited 81 s for rate limits already, and Segment asks for 41 s more (a 429 answer): past the 100 s a run may wait in all (SEGMENT_ACCESS_MAX_WAIT_TOTAL); nothing more was sent');
    expect(waits.filter((w) => w > 1000)).toHaveLength(2);
    await c.close();
  });

  it('paces by the X-RateLimit headers of its answers, and refuses a window wait over maxWaitMs', async () => {
    const reset = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10 * 60_000).toUTCString();
    const server = await scripted((_req, _n, res) => json(res, 200, WORKSPACE, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }));
    const { c, waits } = client(server.url, { maxWaitMs: 60_000 });
    await c.call('getWorkspace');
    const error = await failure(c.call('getWorkspace'));
    expect(error.detail).toMatch(/^Segment asked to wait 1\d min \(the X-RateLimit-Reset of its last answer\), more than the 60 s this run accepts/);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
    await c.close();
  });
});

describe('an API that keeps failing', () => {
  const slowSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 25)));

  it('fails every call at once after unreachableMs of failures in a row', async () => {
    const server = await scripted((_req, _n, res) => json(res, 500, ''));
    const c = new SegmentClient({ baseUrl: server.url, token: TOKEN, sleep: slowSleep, maxRetries: 1000, unreachableMs: 80 });
    const error = await failure(c.call('getWorkspace'));
    expect(error.type).toBe('Unreachable');
    expect(error.message).toMatch(/^getWorkspace \(GET \/\) failed: no response Unreachable: the Segment API has failed every request for \d+ s \(more than 1 s, SEGMENT_ACCESS_UNREACHABLE\); giving up$/);
    expect(error.maybeApplied).toBe(false);
    const sent = server.seen.length;
    const write = await failure(c.call('createUserGroup', { body: { name: 'x' } }));
    expect(write).toMatchObject({ type: 'Unreachable', maybeApplied: true });
    expect(server.seen).toHaveLength(sent);
    await c.close();
  });

  it('counts network errors as failures too', async () => {
    const server = await scripted((_req, _n, res) => res.socket!.destroy());
    const c = new SegmentClient({ baseUrl: server.url, token: TOKEN, sleep: slowSleep, maxRetries: 1000, unreachableMs: 80 });
    expect((await failure(c.call('getWorkspace'))).type).toBe('Unreachable');
    await c.close();
  });

  it('starts counting again after any answer below 500', async () => {
    // Two 500s, then answers: a success and 404s end the run of failures, so waiting longer than the
    // budget afterwards does not make the next call fail at once.
    const server = await scripted((req, n, res) => (n <= 2 ? json(res, 500, '') : req.url === '/' ? json(res, 200, WORKSPACE) : json(res, 404, '')));
    const c = new SegmentClient({ baseUrl: server.url, token: TOKEN, sleep: slowSleep, maxRetries: 1000, unreachableMs: 300 });
    await c.call('getWorkspace');
    await new Promise((r) => setTimeout(r, 350));
    expect((await failure(c.call('getUser', { params: { userId: 'u1' } }))).status).toBe(404);
    await new Promise((r) => setTimeout(r, 350));
    expect((await failure(c.call('getUser', { params: { userId: 'u1' } }))).status).toBe(404);
    await c.close();
  });
});

describe('paging', () => {
  const users = (n: number, next: string | null | undefined, totalEntries?: number) =>
    ({ data: { users: [{ id: `u${n}`, name: '', email: `u${n}@acme.com` }], pagination: { current: 'c', ...(next === undefined ? {} : { next }), ...(totalEntries === undefined ? {} : { totalEntries }) } } });

  it.each<[string, string | null]>([['null', null], ['an empty string', '']])('stops at a next of %s', async (_name, last) => {
    const server = await scripted((_req, n, res) => json(res, 200, users(n, n < 3 ? `p${n}` : last)));
    const { c } = client(server.url, { pageSize: 1 });
    expect((await c.list('listUsers')).map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
    expect(server.seen.map((s) => s.url)).toEqual([
      '/users?pagination%5Bcount%5D=1', '/users?pagination%5Bcount%5D=1&pagination%5Bcursor%5D=p1', '/users?pagination%5Bcount%5D=1&pagination%5Bcursor%5D=p2']);
    await c.close();
  });

  it('stops at a cursor that comes back a second time', async () => {
    const server = await scripted((_req, n, res) => json(res, 200, users(n, n === 1 ? 'A' : 'B')));
    const { c } = client(server.url, { pageSize: 1 });
    const error = await failure(c.list('listUsers'));
    expect(error.message).toBe('listUsers (GET /users) failed: HTTP 200 InvalidResponse: the API returned the cursor "B" a second time; stopping (the list would never end)');
    expect(server.seen).toHaveLength(3);
    await c.close();
  });

  it('quotes at most 40 characters of a repeated cursor', async () => {
    const cursor = 'C'.repeat(60);
    const server = await scripted((_req, n, res) => json(res, 200, users(n, cursor)));
    const { c } = client(server.url, { pageSize: 1 });
    expect((await failure(c.list('listUsers'))).detail).toContain(`cursor "${'C'.repeat(40)}" a second time`);
    expect(server.seen).toHaveLength(2);
    await c.close();
  });

  it.each<[number, number, number]>([[1, 1, 3], [2, 1, 4], [5, 2, 5], [0, 1, 2]])('stops when %i entries at %i a page still have more pages than allowed (%i)', async (total, pageSize, cap) => {
    const server = await scripted((_req, n, res) => json(res, 200, users(n, `p${n}`, n === 1 ? total : 10_000_000)));
    const { c } = client(server.url, { pageSize });
    const error = await failure(c.list('listUsers'));
    expect(error.detail).toBe(`still more pages after ${cap} (totalEntries allows ${cap}); stopping`);
    expect(server.seen).toHaveLength(cap);
    await c.close();
  });

  it("serves a list's next page before new work, and bulk reads last, one slot at a time", async () => {
    const page = (key: string, next?: string) => ({ data: { [key]: [], pagination: { current: 'c', ...(next ? { next } : {}) } } });
    const server = await scripted((req, _n, res) => {
      const cursor = new URL(req.url, 'http://x').searchParams.get('pagination[cursor]');
      if (req.url.startsWith('/users')) json(res, 200, page('users', cursor === null ? 'p2' : cursor === 'p2' ? 'p3' : undefined));
      else if (req.url.startsWith('/labels')) json(res, 200, { data: { labels: [] } });
      else json(res, 200, page(req.url.startsWith('/sources') ? 'sources' : req.url.startsWith('/destinations') ? 'destinations' : 'users'));
    });
    const { c } = client(server.url, { concurrency: 1 });
    await Promise.all([
      c.list('listUsers'), c.list('listSources'), c.list('listDestinations'), c.list('listUsersFromUserGroup', { params: { userGroupId: 'g1' }, bulk: true }),
      c.limit(() => c.call('listLabels')),
    ]);
    // First come, first served would read all three pages of /users last; bulk reads go after other new work.
    expect(server.seen.map((s) => s.url.replace(/\?.*pagination%5Bcursor%5D=(\w+).*/, ' $1').replace(/\?.*/, ''))).toEqual([
      '/users', '/sources', '/users p2', '/destinations', '/users p3', '/labels', '/groups/g1/users']);
    expect(server.maxInFlight()).toBe(1);
    await c.close();
  });

  it('reads past totalEntries pages when the list ends within the cap', async () => {
    const server = await scripted((_req, n, res) => json(res, 200, users(n, n < 3 ? `p${n}` : undefined, 1)));
    const { c } = client(server.url, { pageSize: 1 });
    expect(await c.list('listUsers')).toHaveLength(3);
    await c.close();
  });
});
