// The Segment Public API client, on undici with one keep-alive agent per process. It speaks to
// whatever base URL it is given — api.segmentapis.com, eu1, or the emulator — through one code path.
//
// Reads are retried on 5xx, network errors and timeouts (capped, exponential backoff with jitter).
// Any call answered 429 waits for `msBeforeNext` (or `X-RateLimit-Reset`, else backoff) and is
// retried: a 429 means nothing was applied. Mutations are NOT retried after a 5xx, reset or timeout,
// because they may have been applied; they fail with `maybeApplied` so the applier can re-read first.
//
// Nothing is unbounded: every request has one total deadline; a rate-limit wait longer than
// `maxWaitMs` fails at once (and shorter ones of a second or more are announced); pagination stops at
// a repeated cursor and at a page cap derived from `totalEntries`; and once the API has failed for
// `unreachableMs` in a row, every call fails at once. Every 2xx body is checked (responses.ts).
import type { Agent, Dispatcher, request } from 'undici';
import { SegmentApiError, redact } from './errors.js';
import { encodeQuery, type QueryValue } from './query.js';
import { RatePacer } from './pacer.js';
import { ENDPOINTS, InvalidIdError, pathFor, type ItemOf, type ListOperation, type OperationName, type ResponseOf } from './endpoints.js';
import type { SegmentRequests } from './requests.generated.js';
import { parseJson, responseProblem } from './responses.js';

export const BASE_URLS = { us: 'https://api.segmentapis.com', eu: 'https://eu1.api.segmentapis.com' } as const;

export interface ClientOptions {
  baseUrl: string;
  token: string;
  /** Items per page for list calls (1..1000). */
  pageSize?: number;
  /** Most requests in flight at once for independent reads. */
  concurrency?: number;
  /** Per-request deadline for headers and body. */
  timeoutMs?: number;
  /** Retries for reads and for 429s. */
  maxRetries?: number;
  dispatcher?: Dispatcher;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
  /** Longest rate-limit wait accepted (default 5 minutes); a longer one fails the call at once. */
  maxWaitMs?: number;
  /** Longest time all rate-limit waits of this client (one run) may add up to. */
  maxWaitTotalMs?: number;
  /** How long the API may fail in a row (network errors, timeouts, 5xx) before every call fails at once (default 2 minutes). */
  unreachableMs?: number;
  /** Told about rate-limit waits of a second or more ("waiting 42 s: rate limit on createInvites"). */
  onWait?: (message: string) => void;
}

/** Defaults; SEGMENT_ACCESS_MAX_WAIT, SEGMENT_ACCESS_UNREACHABLE and SEGMENT_ACCESS_TIMEOUT (seconds) override them. */
export const LIMITS = { maxWaitMs: 5 * 60_000, maxWaitTotalMs: 15 * 60_000, unreachableMs: 2 * 60_000, timeoutMs: 30_000 } as const;

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  byOperation: Record<string, number>;
  /** The X-RateLimit-* headers of the last answer that carried them (docs/segment-api.md, "Rate limits"). */
  rateLimit?: { operation: string; consumed?: string; remaining?: string; reset?: string };
}

/** The body an operation takes, as Segment's SDK models it (schema/segment-requests.schema.json); never for the others. */
export type BodyOf<K extends OperationName> = K extends keyof SegmentRequests ? NonNullable<SegmentRequests[K]> : never;

export interface CallOptions<K extends OperationName = OperationName> {
  /** Path parameters (ids), checked against the id pattern before they become part of the path. */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: BodyOf<K>;
}

/** One call as data: an operation and its options, each typed by the operation. */
export type Request = { [K in OperationName]: { operation: K } & CallOptions<K> }[OperationName];

/** Which waiting task gets a free slot first (see `SegmentClient.limit`). */
export type Priority = 'next-page' | 'normal' | 'bulk';

export interface Page<T> {
  items: T[];
  next?: string;
  totalEntries?: number;
}

export class SegmentClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, byOperation: {} };
  readonly pageSize: number;
  readonly pacer = new RatePacer();
  /** The connection pool: the one given, or our own, made at the first request (see `pool`). */
  private dispatcher: Dispatcher | undefined;
  private closed = false;
  private readonly ownsDispatcher: boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private active = 0;
  /** Tasks waiting for a slot, by priority (see `limit`), each in arrival order. */
  private readonly waiting: Record<Priority, Array<() => void>> = { 'next-page': [], normal: [], bulk: [] };
  /** Rate-limit waits so far, in all (each counts against `maxWaitTotalMs`). */
  private waitedMs = 0;
  /** When the current run of consecutive failures began (undefined after a success). */
  private failingSince: number | undefined;

  constructor(private readonly options: ClientOptions) {
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  async close(): Promise<void> {
    if (!this.ownsDispatcher) return;
    this.closed = true;
    await this.dispatcher?.close();
  }

  /**
   * undici and our own pool, loaded at the first request: evaluating undici costs about 80 ms of
   * start-up, which commands that never call the API (validate, fmt) need not pay.
   */
  private async pool(): Promise<{ request: typeof request; dispatcher: Dispatcher }> {
    const undici = await loadUndici();
    if (this.closed) throw new Error('the client is closed');
    this.dispatcher ??= new undici.Agent({ keepAliveTimeout: 10_000, connections: this.options.concurrency ?? 8 });
    return { request: undici.request, dispatcher: this.dispatcher };
  }

  /**
   * Runs `task` when fewer than `concurrency` requests are in flight. A finished task hands its slot
   * straight to the next waiter, so the bound holds even while that waiter is still waking up.
   *
   * Waiters go by priority, then arrival. A list's next page goes first: a long list is a chain of
   * requests that cannot overlap, and queued behind a fan-out of hundreds of one-page reads it would
   * finish last. A `bulk` task (one of many alike, such as each group's members) goes after other
   * new work, so a read that others wait on (the Audit Trail after the invites) is not queued behind it.
   */
  async limit<T>(task: () => Promise<T>, priority: Priority = 'normal'): Promise<T> {
    if (this.active >= (this.options.concurrency ?? 8)) {
      await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const waiter = this.waiting['next-page'].shift() ?? this.waiting.normal.shift() ?? this.waiting.bulk.shift();
      if (waiter) waiter();
      else this.active--;
    }
  }

  /** One API call, by operation name (see endpoints.ts); resolves to the checked `data` of the success envelope. */
  /** A call given as data (see Request). */
  async send(request: Request): Promise<unknown> {
    const { operation, ...options } = request;
    return this.call(operation, options as CallOptions<typeof operation>);
  }

  async call<K extends OperationName>(operation: K, options: CallOptions<K> = {}): Promise<ResponseOf<K>> {
    const { method, mutation } = ENDPOINTS[operation];
    const maxRetries = this.options.maxRetries ?? 5;
    let fullPath: string;
    try {
      fullPath = `${pathFor(operation, options.params)}${encodeQuery(options.query ?? {})}`;
    } catch (err) {
      // An id that would change the request's path (from a saved plan, or from an earlier answer of
      // the API itself): nothing is sent, and the message names the id.
      if (err instanceof InvalidIdError) {
        throw new SegmentApiError(operation, method, ENDPOINTS[operation].path, undefined, 'InvalidId', `${err.param} ${JSON.stringify(err.value.slice(0, 80))} is not a Segment id (letters, digits, _ and - only), so nothing was sent; an earlier answer of the API gave it`, false);
      }
      throw err;
    }
    // This call's waits, in all: each one may be just under the cap, so their sum is bounded too.
    const budget = { waited: 0 };
    for (let attempt = 0; ; attempt++) {
      // A closed client sends nothing more, at once and without retries: after a failed read the
      // caller closes it while other reads still wait for a slot, and those must not hold up the exit.
      if (this.closed) throw new SegmentApiError(operation, method, fullPath, undefined, 'NetworkError', 'the client is closed; nothing more is sent', mutation);
      this.checkReachable(operation, method, fullPath, mutation);
      await this.pacer.beforeCall(operation, (ms) => this.wait(operation, method, fullPath, ms, 'the X-RateLimit-Reset of its last answer', budget));
      const outcome = await this.attempt(operation, method, fullPath, options.body, mutation);
      if (outcome.ok) return outcome.data as ResponseOf<K>;
      const error = outcome.error;
      const retryable = error.status === 429 || (!mutation && error.type !== 'InvalidResponse' && (error.status === undefined || error.status >= 500));
      if (!retryable || attempt >= maxRetries) throw error;
      this.stats.retries++;
      if (outcome.waitMs !== undefined) {
        const until = Date.now() + outcome.waitMs;
        await this.wait(operation, method, fullPath, outcome.waitMs, 'a 429 answer', budget);
        this.pacer.served(operation, until);
      }
      else await this.sleep(backoff(attempt));
    }
  }

  /**
   * Waits for a rate limit, announcing waits of a second or more. Refused, with what was waited for:
   * one wait over the cap, a call whose waits would add up past the cap (SEGMENT_ACCESS_MAX_WAIT),
   * and a run whose waits would add up past its own (SEGMENT_ACCESS_MAX_WAIT_TOTAL).
   */
  private async wait(operation: OperationName, method: string, path: string, ms: number, why: string, call: { waited: number }): Promise<void> {
    const cap = this.options.maxWaitMs ?? LIMITS.maxWaitMs;
    const total = this.options.maxWaitTotalMs ?? LIMITS.maxWaitTotalMs;
    const refuse = (detail: string) => new SegmentApiError(operation, method, path, 429, 'RateLimitWaitTooLong', `${detail}; nothing more was sent`);
    if (ms > cap) throw refuse(`Segment asked to wait ${seconds(ms)} (${why}), more than the ${seconds(cap)} this run accepts (SEGMENT_ACCESS_MAX_WAIT)`);
    if (call.waited + ms > cap) {
      throw refuse(`this call has waited ${seconds(call.waited)} for the rate limit already, and Segment asks for ${seconds(ms)} more (${why}): past the ${seconds(cap)} one call may wait in all (SEGMENT_ACCESS_MAX_WAIT)`);
    }
    if (this.waitedMs + ms > total) {
      throw refuse(`this run has waited ${seconds(this.waitedMs)} for rate limits already, and Segment asks for ${seconds(ms)} more (${why}): past the ${seconds(total)} a run may wait in all (SEGMENT_ACCESS_MAX_WAIT_TOTAL)`);
    }
    call.waited += ms;
    this.waitedMs += ms;
    if (ms >= 1000) this.options.onWait?.(`waiting ${seconds(ms)}: rate limit on ${operation} (${why}; ${seconds(this.waitedMs)} waited in this run)`);
    await this.sleep(ms);
  }


  /** After `unreachableMs` of consecutive failures, stop trying: every call fails at once. */
  private checkReachable(operation: OperationName, method: string, path: string, mutation: boolean): void {
    const budget = this.options.unreachableMs ?? LIMITS.unreachableMs;
    if (this.failingSince !== undefined && Date.now() - this.failingSince > budget) {
      throw new SegmentApiError(operation, method, path, undefined, 'Unreachable',
        `the Segment API has failed every request for ${seconds(Date.now() - this.failingSince)} (more than ${seconds(budget)}, SEGMENT_ACCESS_UNREACHABLE); giving up`, mutation);
    }
  }

  private noteOutcome(failed: boolean): void {
    if (!failed) this.failingSince = undefined;
    else this.failingSince ??= Date.now();
  }

  private async attempt(operation: OperationName, method: Dispatcher.HttpMethod, path: string, body: unknown, mutation: boolean):
    Promise<{ ok: true; data: unknown } | { ok: false; error: SegmentApiError; waitMs?: number }> {
    this.stats.requests++;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
    const timeout = this.options.timeoutMs ?? LIMITS.timeoutMs;
    // One deadline for the whole exchange, headers and body alike: a body trickled byte by byte
    // keeps undici's per-chunk bodyTimeout happy forever, this does not.
    const deadline = AbortSignal.timeout(timeout);
    const timedOut = () => (deadline.aborted ? `timed out after ${timeout} ms` : undefined);
    let res: Dispatcher.ResponseData;
    try {
      const { request, dispatcher } = await this.pool();
      res = await request(`${this.baseUrl}${path}`, {
        method,
        dispatcher,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          'user-agent': this.options.userAgent ?? 'segment-access',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: deadline,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      const why = timedOut() ?? `${code}: ${(err as Error).message}`;
      this.noteOutcome(true);
      this.pacer.settled(operation);
      return { ok: false, error: new SegmentApiError(operation, method, path, undefined, 'NetworkError', redact(why, this.options.token), mutation) };
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      const why = timedOut() ?? (err as Error).message;
      this.noteOutcome(true);
      this.pacer.settled(operation);
      return { ok: false, error: new SegmentApiError(operation, method, path, undefined, 'NetworkError', redact(why, this.options.token), mutation) };
    }
    const json = parseJson(text);
    const parsed = json?.value;
    this.noteOutcome(res.statusCode >= 500);
    this.pacer.afterResponse(operation, res.statusCode, res.headers, parsed);
    this.noteRateLimit(operation, res.headers);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const checked = responseProblem(operation, text, json);
      if ('data' in checked) return { ok: true, data: checked.data };
      // A 2xx we cannot believe: for a mutation it may well have been applied.
      return { ok: false, error: new SegmentApiError(operation, method, path, res.statusCode, 'InvalidResponse',
        redact(`answered with a body Segment's API does not send: ${checked.problem}`, this.options.token), mutation) };
    }

    const first = (parsed as { errors?: Array<{ type?: string; message?: string; data?: { msBeforeNext?: number } }> } | undefined)?.errors?.[0];
    const error = new SegmentApiError(operation, method, path, res.statusCode, first?.type ?? statusText(res.statusCode),
      redact(first?.message ?? text.slice(0, 200), this.options.token), mutation && res.statusCode >= 500);
    if (res.statusCode === 429) {
      this.stats.rateLimited++;
      return { ok: false, error, waitMs: waitFor429(first?.data?.msBeforeNext, res.headers) };
    }
    return { ok: false, error };
  }

  private noteRateLimit(operation: string, headers: Dispatcher.ResponseData['headers']): void {
    const header = (name: string) => (typeof headers[name] === 'string' ? String(headers[name]).slice(0, 64) : undefined);
    const [consumed, remaining, reset] = [header('x-ratelimit-consumed'), header('x-ratelimit-remaining'), header('x-ratelimit-reset')];
    if (consumed === undefined && remaining === undefined && reset === undefined) return;
    this.stats.rateLimit = { operation, ...(consumed !== undefined ? { consumed } : {}), ...(remaining !== undefined ? { remaining } : {}), ...(reset !== undefined ? { reset } : {}) };
  }

  /** Reads one page of a list endpoint. */
  async page<K extends ListOperation>(operation: K, cursor?: string, options: Pick<CallOptions<K>, 'params' | 'query'> = {}): Promise<Page<ItemOf<K>>> {
    const key = ENDPOINTS[operation].listKey;
    const data = await this.call(operation, {
      params: options.params, query: { ...options.query, pagination: { count: this.pageSize, cursor } },
    }) as Record<string, unknown> & { pagination?: { next?: string | null; totalEntries?: number } };
    return { items: data[key] as Array<ItemOf<K>>, next: data.pagination?.next || undefined, totalEntries: data.pagination?.totalEntries };
  }

  /**
   * Reads every page of a list endpoint, following `next` until it is absent. A cursor that comes
   * back twice, or more pages than `totalEntries` allows, is an error: the loop always ends.
   */
  async list<K extends ListOperation>(operation: K, options: Pick<CallOptions<K>, 'params' | 'query'> & { bulk?: boolean } = {}): Promise<Array<ItemOf<K>>> {
    const items: Array<ItemOf<K>> = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    let cap = MAX_PAGES;
    let pages = 0;
    do {
      const page = await this.limit(() => this.page(operation, cursor, options), pages > 0 ? 'next-page' : options.bulk ? 'bulk' : 'normal');
      pages++;
      items.push(...page.items);
      if (pages === 1 && page.totalEntries !== undefined) cap = Math.min(MAX_PAGES, Math.ceil(page.totalEntries / this.pageSize) + 2);
      cursor = page.next;
      const path = ENDPOINTS[operation].path;
      if (cursor !== undefined && seen.has(cursor)) {
        throw new SegmentApiError(operation, 'GET', path, 200, 'InvalidResponse', `the API returned the cursor ${JSON.stringify(cursor.slice(0, 40))} a second time; stopping (the list would never end)`);
      }
      if (cursor !== undefined && pages >= cap) {
        throw new SegmentApiError(operation, 'GET', path, 200, 'InvalidResponse', `still more pages after ${pages} (totalEntries allows ${cap}); stopping`);
      }
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor);
    return items;
  }
}

let undici: Promise<{ Agent: typeof Agent; request: typeof request }> | undefined;
const loadUndici = () => (undici ??= import('undici'));

/** The most pages any list may have when `totalEntries` does not say (10 million items at 1,000 a page). */
export const MAX_PAGES = 10_000;

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}

/** Exponential backoff with jitter: about 100 ms, 200 ms, 400 ms, ... capped at 8 s. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(8000, 100 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function waitFor429(msBeforeNext: number | undefined, headers: Dispatcher.ResponseData['headers']): number | undefined {
  if (typeof msBeforeNext === 'number' && msBeforeNext >= 0) return msBeforeNext + 5;
  const reset = headers['x-ratelimit-reset'];
  const at = typeof reset === 'string' ? Date.parse(reset) : NaN;
  if (!Number.isNaN(at)) return Math.max(0, at - Date.now()) + 5;
  return undefined;
}

function statusText(status: number): string {
  return ({ 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 413: 'PayloadTooLarge', 422: 'ValidationFailure', 429: 'TooManyRequests' } as Record<number, string>)[status] ?? (status >= 500 ? 'ServerError' : 'Error');
}
