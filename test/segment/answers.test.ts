// The pure pieces of the client, one row per branch: which 2xx bodies are believed, what each
// failure says and hints, how the pacer spends and waits for each endpoint's window, and the backoff.
import { describe, expect, it } from 'vitest';
import { backoff } from '../../src/segment/client.js';
import { SegmentApiError, redact } from '../../src/segment/errors.js';
import { RatePacer } from '../../src/segment/pacer.js';
import { responseProblem } from '../../src/segment/responses.js';

describe('responseProblem', () => {
  const workspace = { workspace: { id: 'w1', slug: 'acme', name: 'Acme' } };
  it.each<[string, string, string]>([
    ['an HTML page', '  \n<!DOCTYPE html>\n\n<html>  <body>Sign in to continue to the dashboard</body></html>',
      'the body is not JSON (it starts with "<!DOCTYPE html> <html> <body>Sign in t")'],
    ['an empty body', '', 'the body is not JSON (it starts with "")'],
    ['a JSON array', '[{"data":1}]', 'the body is not a JSON object'],
    ['JSON null', 'null', 'the body is not a JSON object'],
    ['a JSON string', '"data"', 'the body is not a JSON object'],
    ['a JSON number', '0', 'the body is not a JSON object'],
    ['no envelope', '{"workspace":{}}', 'the body has no `data` envelope'],
    ['data: null', '{"data":null}', '`data` is null'],
    ['a missing object', '{"data":{}}', 'data has no `workspace`'],
    ['a missing nested field', '{"data":{"workspace":{"id":"w1","slug":"acme"}}}', 'data.workspace has no `name`'],
    ['a field of the wrong type', '{"data":{"workspace":{"id":"w1","slug":7,"name":"Acme"}}}', 'data.workspace.slug must be string'],
  ])('refuses %s', (_name, text, problem) => {
    expect(responseProblem('getWorkspace', text)).toEqual({ problem });
  });

  it('passes the checked data of a well-formed body through, extra fields and all', () => {
    const body = { data: { ...workspace, extra: true } };
    expect(responseProblem('getWorkspace', JSON.stringify(body))).toEqual({ data: body.data });
    // The validator is compiled once per operation and reused: a second, different call still checks.
    expect(responseProblem('getWorkspace', JSON.stringify(body))).toEqual({ data: body.data });
    expect(responseProblem('listUsers', '{"data":{"users":[]}}')).toEqual({ problem: 'data has no `pagination`' });
    expect(responseProblem('listUsers', '{"data":{"users":[{"id":"u1"}],"pagination":{}}}')).toEqual({ problem: 'data.users.0 has no `email`' });
  });
});

describe('SegmentApiError', () => {
  it('says which call failed, with its status, type and detail', () => {
    const e = new SegmentApiError('getUser', 'GET', '/users/u1', 404, 'NotFound', 'no such user');
    expect(e.message).toBe('getUser (GET /users/u1) failed: HTTP 404 NotFound: no such user');
    expect(e.name).toBe('SegmentApiError');
    expect(e.maybeApplied).toBe(false);
    expect(new SegmentApiError('deleteUsers', 'DELETE', '/users', undefined, 'NetworkError', '', true).message)
      .toBe('deleteUsers (DELETE /users) failed: no response NetworkError');
    expect(new SegmentApiError('deleteUsers', 'DELETE', '/users', undefined, 'NetworkError', '', true).maybeApplied).toBe(true);
  });

  const ownerToken = 'a token with Workspace Owner access (IAM reads and changes need it)';
  const authHint = (status: number, operation: string, needs: string) => `Segment answers ${status} when SEGMENT_API_TOKEN is missing, wrong or revoked, and also when it lacks permission: ${operation} needs ${needs}; create the token under Settings -> Access Management -> Tokens in this workspace`;
  it.each<[string, number | undefined, string, string | undefined]>([
    ['listUsers', 401, 'Unauthorized', authHint(401, 'listUsers', ownerToken)],
    ['getUser', 403, 'Forbidden', authHint(403, 'getUser', ownerToken)],
    ['listRoles', 401, 'Unauthorized', authHint(401, 'listRoles', ownerToken)],
    ['getUserGroup', 401, 'Unauthorized', authHint(401, 'getUserGroup', ownerToken)],
    ['listSources', 401, 'Unauthorized', authHint(401, 'listSources', 'read access to it')],
    ['getWorkspace', 403, 'Forbidden', authHint(403, 'getWorkspace', 'read access to it')],
    ['listAuditEvents', 401, 'Unauthorized', authHint(401, 'listAuditEvents', 'read access to it')],
    ['listUsersFromUserGroupX', 401, 'Unauthorized', authHint(401, 'listUsersFromUserGroupX', 'read access to it')],
    ['createInvites', 401, 'Unauthorized', authHint(401, 'createInvites', ownerToken)],
    ['deleteUsers', 404, 'NotFound', 'the resource does not exist (any more); run plan again'],
    ['createInvites', 429, 'RateLimitWaitTooLong', 'try again later, or raise SEGMENT_ACCESS_MAX_WAIT (seconds) to wait it out'],
    ['listUsers', undefined, 'Unreachable', 'check the network and status.segment.com, then run plan again: done calls are not repeated'],
    ['listUsers', 200, 'InvalidResponse', 'something between this machine and Segment (a proxy, a captive portal) may be answering instead of the API; check SEGMENT_API_URL'],
    ['listUsers', 500, 'ServerError', undefined],
    ['listUsers', 422, 'ValidationFailure', undefined],
    ['listUsers', 400, 'RateLimitWaitTooLongX', undefined],
  ])('hints for %s answered %s %s', (operation, status, type, hint) => {
    expect(new SegmentApiError(operation, 'GET', '/x', status, type, '').hint).toBe(hint);
  });

  it.each<[string, string | undefined, string]>([
    ['Bearer sekret-token-1 was refused', 'sekret-token-1', 'Bearer [redacted] was refused'],
    ['abcd abcd', 'abcd', '[redacted] [redacted]'],
    ['abc is short', 'abc', 'abc is short'],
    ['nothing to hide', undefined, 'nothing to hide'],
    ['nothing to hide', '', 'nothing to hide'],
  ])('redacts %j', (text, secret, out) => {
    expect(redact(text, secret)).toBe(out);
  });
});

describe('RatePacer', () => {
  function pacer(start = 1_700_000_000_000) { // whole seconds: X-RateLimit-Reset is an HTTP date
    const clock = { now: start };
    const p = new RatePacer(() => clock.now);
    const waits: number[] = [];
    const sleep = async (ms: number) => { waits.push(ms); clock.now += ms; };
    return { p, clock, waits, sleep };
  }
  const headers = (remaining: number | string, resetAt: number | string) => ({
    'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': typeof resetAt === 'number' ? new Date(resetAt).toUTCString() : resetAt,
  });

  it('does not wait before it has heard anything', async () => {
    const { p, waits, sleep } = pacer();
    for (let i = 0; i < 5; i++) await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([]);
    expect(p.waitedMs).toEqual({});
  });

  it('spends the remaining budget, then waits until the reset', async () => {
    const { p, clock, waits, sleep } = pacer();
    await p.beforeCall('createInvites', sleep);
    p.afterResponse('createInvites', 200, headers(2, clock.now + 3000), {});
    await p.beforeCall('createInvites', sleep); // 2 -> 1
    await p.beforeCall('createInvites', sleep); // 1 -> 0
    expect(waits).toEqual([]);
    await p.beforeCall('createInvites', sleep); // none left: wait for the reset (+5 ms)
    expect(waits).toEqual([3005]);
    expect(p.waitedMs).toEqual({ createInvites: 3005 });
    // The spent window is forgotten: the next call goes at once.
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([3005]);
    // Other endpoints have their own windows.
    await p.beforeCall('deleteUsers', sleep);
    expect(waits).toEqual([3005]);
  });

  it('subtracts the calls still in flight from what an answer says is left', async () => {
    const { p, clock, waits, sleep } = pacer();
    await p.beforeCall('addUsersToUserGroup', sleep);
    await p.beforeCall('addUsersToUserGroup', sleep);
    await p.beforeCall('addUsersToUserGroup', sleep);
    // Three in flight; the first answer says 3 left: two of those are already taken.
    p.afterResponse('addUsersToUserGroup', 200, headers(3, clock.now + 1000), {});
    await p.beforeCall('addUsersToUserGroup', sleep);
    expect(waits).toEqual([]);
    await p.beforeCall('addUsersToUserGroup', sleep);
    expect(waits).toEqual([1005]);
  });

  it('counts calls that ended without an answer as no longer in flight, never below zero', async () => {
    const { p, clock, waits, sleep } = pacer();
    await p.beforeCall('deleteUsers', sleep);
    await p.beforeCall('deleteUsers', sleep);
    p.settled('deleteUsers');
    p.settled('deleteUsers');
    p.settled('deleteUsers'); // one more than started: stays at zero
    p.afterResponse('deleteUsers', 200, headers(1, clock.now + 2000), {});
    await p.beforeCall('deleteUsers', sleep);
    expect(waits).toEqual([]);
    await p.beforeCall('deleteUsers', sleep);
    expect(waits).toEqual([2005]);
  });

  it('does not wait for a window whose reset has passed', async () => {
    const { p, clock, waits, sleep } = pacer();
    p.afterResponse('createInvites', 200, headers(0, clock.now - 1000), {});
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([]);
    p.afterResponse('createInvites', 200, headers(0, clock.now), {});
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['no headers', {}],
    ['a remaining that is not a number', headers('many', 5_000_000)],
    ['a reset that is not a date', headers(0, 'soon')],
  ])('ignores an answer with %s', async (_name, h) => {
    const { p, waits, sleep } = pacer();
    p.afterResponse('listUsers', 200, h, {});
    await p.beforeCall('listUsers', sleep);
    expect(waits).toEqual([]);
  });

  it('blocks an endpoint answered 429 for its msBeforeNext, keeping the longer of two blocks', async () => {
    const { p, clock, waits, sleep } = pacer();
    await p.beforeCall('createInvites', sleep);
    await p.beforeCall('createInvites', sleep);
    p.afterResponse('createInvites', 429, headers(0, clock.now + 60_000), { errors: [{ type: 'TooManyRequests', data: { msBeforeNext: 1500 } }] });
    p.afterResponse('createInvites', 429, {}, { errors: [{ type: 'TooManyRequests', data: { msBeforeNext: 700 } }] });
    await p.beforeCall('deleteInvites', sleep);
    expect(waits).toEqual([]);
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([1505]);
    // The 429's own headers are not a budget: once the block has passed, calls go at once.
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([1505]);
    expect(p.waitedMs).toEqual({ createInvites: 1505 });
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['no errors', {}],
    ['an empty error list', { errors: [] }],
    ['an error without data', { errors: [{ type: 'TooManyRequests' }] }],
    ['a msBeforeNext that is not a number', { errors: [{ data: { msBeforeNext: '900' } }] }],
  ])('does not block on a 429 with %s', async (_name, body) => {
    const { p, waits, sleep } = pacer();
    p.afterResponse('createInvites', 429, {}, body);
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([]);
  });

  it('adds up the waits per operation', async () => {
    const { p, clock, sleep } = pacer();
    p.afterResponse('createInvites', 429, {}, { errors: [{ data: { msBeforeNext: 100 } }] });
    await p.beforeCall('createInvites', sleep);
    p.afterResponse('createInvites', 429, {}, { errors: [{ data: { msBeforeNext: 200 } }] });
    await p.beforeCall('createInvites', sleep);
    p.afterResponse('deleteUsers', 200, headers(0, clock.now + 690), {});
    await p.beforeCall('deleteUsers', sleep);
    expect(p.waitedMs).toEqual({ createInvites: 310, deleteUsers: 695 });
  });

  it('takes an interrupted wait out of the calls in flight and passes the error on', async () => {
    const { p, clock, waits, sleep } = pacer();
    p.afterResponse('createInvites', 429, {}, { errors: [{ data: { msBeforeNext: 100 } }] });
    const failing = async () => { throw new Error('deadline'); };
    await expect(p.beforeCall('createInvites', failing)).rejects.toThrow('deadline');
    // Had the failed call stayed in flight, this answer's 2 would leave only 1.
    clock.now += 1000;
    p.afterResponse('createInvites', 200, headers(2, clock.now + 1000), {});
    await p.beforeCall('createInvites', sleep);
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([]);
    await p.beforeCall('createInvites', sleep);
    expect(waits).toEqual([1005]);
  });
});

describe('backoff', () => {
  it.each<[number, number, number]>([
    [0, 0, 50], [0, 1, 100], [0, 0.5, 75], [1, 0, 100], [1, 1, 200], [3, 0.5, 600], [6, 1, 6400], [7, 0, 4000], [7, 1, 8000], [20, 0.25, 5000],
  ])('attempt %i with random %d waits %i ms', (attempt, random, ms) => {
    expect(backoff(attempt, () => random)).toBe(ms);
  });
});
