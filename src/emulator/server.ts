// The emulator's HTTP server: a real server on loopback speaking the IAM part of the Segment Public
// API. It authenticates bearer tokens, routes, wraps results in the API's envelopes, rate limits
// mutations per endpoint, injects faults on request, persists state and logs one line per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './errors.js';
import { FaultInjector, type FaultDecision, type FaultSpec } from './faults.js';
import { parseQuery } from './query.js';
import { DEFAULT_RATE_LIMIT, NOMINAL_READ_LIMIT, RateLimiter, type RateLimit } from './rate-limit.js';
import { catalogRoutes, emulatorRoutes } from './routes-catalog.js';
import { iamRoutes } from './routes-iam.js';
import { match, type HandlerContext, type Route } from './routes.js';
import type { EmulatorState } from './state.js';
import type { Store } from './store.js';
import { opaquePayload, unknownsOf } from './unknowns.js';

/** The operations a Free or Team plan does not have (`groups=unavailable`). */
const BUSINESS_ONLY = new Set([
  'listUserGroups', 'createUserGroup', 'getUserGroup', 'updateUserGroup', 'deleteUserGroup', 'addPermissionsToUserGroup', 'replacePermissionsForUserGroup',
  'listUsersFromUserGroup', 'listInvitesFromUserGroup', 'addUsersToUserGroup', 'replaceUsersInUserGroup', 'removeUsersFromUserGroup', 'listUserGroupsFromUser',
  'listAuditEvents',
]);

const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  store: Store;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-endpoint mutation limit; `null` turns limiting off. Default 60 per minute. */
  rateLimit?: RateLimit | null;
  /**
   * Per-endpoint limit on reads (the API documents none, but "too many pages too quickly" is a
   * documented cause of 429). `null` (default): reads are counted for the X-RateLimit-* headers
   * every successful answer carries, against a nominal 100,000 per minute, and never refused.
   */
  readRateLimit?: RateLimit | null;
  faults?: FaultSpec;
  faultSeed?: number;
  /** Receives one line per request; omit to stay quiet. */
  log?: (line: string) => void;
  /**
   * Targeted faults for tests: a request to `operation` whose path and query contain `match` (all of
   * them when absent) is answered `status` without being applied (`lost: true`: applied first).
   */
  failRequests?: FailRule[];
  /** Leave `permissions` out of listUsers items (as some API versions do) to exercise clients' fallback. */
  omitListPermissions?: boolean;
  /** The clock of the rate limits and their headers (a real server's: the wall clock by default). */
  now?: () => number;
  /**
   * The time written into the workspace (Audit Trail events, new invites); default `now`. The
   * local workspace and the tests set it to the day they evaluate, so what they record falls on it.
   */
  recordTime?: () => number;
}

/**
 * A targeted fault for tests: requests to `operation` whose URL (decoded) contains `match` get
 * `fault`: `error` (answered `status`, not applied), `reset` (connection dropped, not applied),
 * `lost-error` / `lost-reset` (applied, then a 502 or a dropped connection), `slow` (applied, answered
 * after `ms`), `rate-limited` (429 with `msBeforeNext` = `ms`). `times` limits how often (default 1).
 */
export interface FailRule {
  operation: string;
  match?: string;
  fault: 'error' | 'reset' | 'lost-error' | 'lost-reset' | 'slow' | 'rate-limited';
  status?: number;
  ms?: number;
  times?: number;
}

export interface EmulatorStats {
  requests: number;
  mutations: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
}

export interface Emulator {
  url: string;
  port: number;
  /** The first token's bearer secret (what `SEGMENT_API_TOKEN` should be). */
  token: string;
  store: Store;
  stats: EmulatorStats;
  faults?: FaultInjector;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const recordTime = options.recordTime ?? now;
  const routes: Route[] = [...catalogRoutes(), ...iamRoutes({ listPermissions: !options.omitListPermissions }), ...emulatorRoutes()];
  const limit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  const limiter = limit ? new RateLimiter(limit, now) : undefined;
  const readLimit = options.readRateLimit ?? null;
  const readLimiter = new RateLimiter(readLimit ?? NOMINAL_READ_LIMIT, now);
  const faults = options.faults ? new FaultInjector(options.faults, options.faultSeed ?? 1) : undefined;
  const stats: EmulatorStats = { requests: 0, mutations: 0, byStatus: {}, byOperation: {} };

  const server = createServer((req, res) => {
    const started = now();
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof ApiError) reply(res, err.body(), err.status);
      else reply(res, { errors: [{ type: 'InternalServerError', message: String((err as Error)?.message ?? err) }] }, 500);
    }).finally(() => {
      options.log?.(`${req.method} ${req.url} ${res.headersSent ? res.statusCode : 'reset'} ${now() - started}ms`);
    });
  });
  server.keepAliveTimeout = 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;

    const token = authenticate(store.state, req.headers.authorization);
    if (!token) return reply(res, new ApiError(401, 'Unauthorized', 'Missing or invalid token').body(), 401);

    const found = match(routes, req.method ?? 'GET', pathname);
    if (!found) return reply(res, ApiError.notFound().body(), 404);
    if ('allowed' in found) return reply(res, new ApiError(405, 'MethodNotAllowed', `use ${found.allowed.join(' or ')}`).body(), 405);
    const { route, params } = found;
    stats.byOperation[route.operation] = (stats.byOperation[route.operation] ?? 0) + 1;

    const unknowns = unknownsOf(store.state);
    // A Free or Team plan: no User Groups and no Audit Trail (docs/segment-api.md, "Groups").
    if (unknowns.groups === 'unavailable' && BUSINESS_ONLY.has(route.operation)) {
      const what = route.operation === 'listAuditEvents' ? 'the Audit Trail' : 'User Groups';
      return reply(res, new ApiError(400, 'bad-request', `Your plan does not include ${what}. Contact sales to upgrade to business tier.`).body(), 400);
    }

    const delay = route.publicApi ? faults?.latency() ?? 0 : 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const targeted = targetedFault(route.operation, req.url ?? '');
    const fault = targeted ?? ((route.publicApi && faults?.decide(route.mutation)) || { kind: 'none' as const });
    if (fault.kind === 'reset') return void req.socket.destroy();
    if (fault.kind === 'error') return reply(res, { errors: [{ type: fault.status >= 500 ? 'InternalServerError' : 'ValidationFailure', message: `Injected ${fault.status} error` }] }, fault.status);
    if (fault.kind === 'rate-limited') return tooMany(res, fault.msBeforeNext, 0);

    const headers: Record<string, string> = {};
    // X-RateLimit-* on every successful answer, reads included (docs/segment-api.md, "Rate limits").
    const counter = route.mutation ? limiter : readLimiter;
    if (route.publicApi && counter) {
      const c = counter.consume(`${token.id}:${route.operation}`);
      if (!c.allowed && (route.mutation || readLimit)) return tooMany(res, c.msBeforeNext, c.consumed);
      headers['X-RateLimit-Limit'] = String(c.limit);
      headers['X-RateLimit-Consumed'] = String(c.consumed);
      headers['X-RateLimit-Remaining'] = String(c.remaining);
      headers['X-RateLimit-Reset'] = new Date(c.resetAt).toUTCString();
    }

    let parsed: unknown;
    if (body.length > 0) {
      try { parsed = JSON.parse(body); } catch {
        return reply(res, ApiError.validation('request body is not valid JSON').body(), 422);
      }
    }
    const events: EmulatorState['auditEvents'] = [];
    const at = new Date(recordTime());
    const ctx: HandlerContext = {
      state: store.state, params, query: parseQuery(url.searchParams), body: parsed, now: at,
      audit: (type, resourceType, resourceId, resourceName) => events.push({
        id: '', timestamp: at.toISOString(), type, actor: `public-api-token/${token.id}`,
        ...(unknowns.auditPayload === 'opaque' ? opaquePayload(store.state, resourceType, resourceId, resourceName) : { resourceId, resourceType, resourceName }),
      }),
    };
    let result;
    try {
      result = route.handler(ctx);
    } catch (err) {
      if (err instanceof ApiError) return reply(res, err.body(), err.status, headers);
      throw err;
    }
    if (route.mutation) {
      stats.mutations++;
      for (const event of events) store.state.auditEvents.push({ ...event, id: `events/${store.state.nextEventId++}` });
      store.touch();
      await store.flush();
    }
    if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault.kind === 'lost') {
      if (fault.then === 'reset') return void req.socket.destroy();
      return reply(res, { errors: [{ type: 'InternalServerError', message: 'Injected error after applying' }] }, 502);
    }
    reply(res, { data: result.data }, result.status ?? 200, headers);
  }

  const fired = new Map<FailRule, number>();
  function targetedFault(operation: string, url: string): FaultDecision | undefined {
    const rule = options.failRequests?.find((r) => r.operation === operation && (r.match === undefined || decodeURIComponent(url).includes(r.match))
      && (fired.get(r) ?? 0) < (r.times ?? 1));
    if (!rule) return undefined;
    fired.set(rule, (fired.get(rule) ?? 0) + 1);
    switch (rule.fault) {
      case 'error': return { kind: 'error', status: rule.status ?? 500 };
      case 'reset': return { kind: 'reset' };
      case 'lost-error': return { kind: 'lost', then: 'error' };
      case 'lost-reset': return { kind: 'lost', then: 'reset' };
      case 'slow': return { kind: 'slow', ms: rule.ms ?? 1000 };
      case 'rate-limited': return { kind: 'rate-limited', msBeforeNext: rule.ms ?? 100 };
    }
  }

  function reply(res: ServerResponse, body: unknown, status: number, headers: Record<string, string> = {}): void {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    send(res, status, body, headers);
  }

  function tooMany(res: ServerResponse, msBeforeNext: number, consumed: number): void {
    reply(res, {
      errors: [{ type: 'RequestError', message: 'Too many requests', data: { remainingPoints: 0, msBeforeNext, consumedPoints: consumed } }],
    }, 429, { 'Retry-After': String(Math.max(1, Math.ceil(msBeforeNext / 1000))) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    token: store.state.tokens[0]!.secret,
    store,
    stats,
    faults,
    async close() {
      await store.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function authenticate(state: EmulatorState, header: string | undefined) {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? state.tokens.find((t) => t.secret === m[1]) : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'PayloadTooLarge', 'request body is larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
