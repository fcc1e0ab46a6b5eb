// The Segment Public API client, on undici with one keep-alive agent per process. It speaks to
// whatever base URL it is given — api.segmentapis.com, eu1, or the emulator — through one code path.
//
// Reads are retried on 5xx, network errors and timeouts (capped, exponential backoff with jitter).
// Any call answered 429 waits for `msBeforeNext` (or `X-RateLimit-Reset`, else backoff) and is
// retried: a 429 means nothing was applied. Mutations are NOT retried after a 5xx, reset or timeout,
// because they may have been applied; they fail with `maybeApplied` so the applier can re-read first.
import { Agent, request, type Dispatcher } from 'undici';
import { SegmentApiError, redact } from './errors.js';
import { encodeQuery, type QueryValue } from './query.js';
import { MutationPacer } from './pacer.js';
import { ENDPOINTS, pathFor, type OperationName } from './endpoints.js';

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
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  byOperation: Record<string, number>;
}

export interface CallOptions {
  /** Path parameters (ids), checked against the id pattern before they become part of the path. */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export class SegmentClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, byOperation: {} };
  readonly pageSize: number;
  readonly pacer = new MutationPacer();
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: ClientOptions) {
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: options.concurrency ?? 8 });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Runs `task` when fewer than `concurrency` requests are in flight. */
  async limit<T>(task: () => Promise<T>): Promise<T> {
    const max = this.options.concurrency ?? 8;
    if (this.active >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** One API call, by operation name (see endpoints.ts); resolves to the `data` of the success envelope. */
  async call<T = unknown>(operation: OperationName, options: CallOptions = {}): Promise<T> {
    const { method, mutation } = ENDPOINTS[operation];
    const maxRetries = this.options.maxRetries ?? 5;
    const fullPath = `${pathFor(operation, options.params)}${encodeQuery(options.query ?? {})}`;
    for (let attempt = 0; ; attempt++) {
      if (mutation) await this.pacer.beforeCall(operation, this.sleep);
      const outcome = await this.attempt(operation, method, fullPath, options.body, mutation);
      if (outcome.ok) return outcome.data as T;
      const error = outcome.error;
      const retryable = error.status === 429 || (!mutation && (error.status === undefined || error.status >= 500));
      if (!retryable || attempt >= maxRetries) throw error;
      this.stats.retries++;
      await this.sleep(outcome.waitMs ?? backoff(attempt));
    }
  }

  private async attempt(operation: OperationName, method: Dispatcher.HttpMethod, path: string, body: unknown, mutation: boolean):
    Promise<{ ok: true; data: unknown } | { ok: false; error: SegmentApiError; waitMs?: number }> {
    this.stats.requests++;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
    const timeout = this.options.timeoutMs ?? 30_000;
    // One deadline for the whole exchange, headers and body alike: a body trickled byte by byte
    // keeps undici's per-chunk bodyTimeout happy forever, this does not.
    const deadline = AbortSignal.timeout(timeout);
    const timedOut = () => (deadline.aborted ? `timed out after ${timeout} ms` : undefined);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.baseUrl}${path}`, {
        method,
        dispatcher: this.dispatcher,
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
      return { ok: false, error: new SegmentApiError(operation, method, path, undefined, 'NetworkError', redact(why, this.options.token), mutation) };
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      const why = timedOut() ?? (err as Error).message;
      return { ok: false, error: new SegmentApiError(operation, method, path, undefined, 'NetworkError', redact(why, this.options.token), mutation) };
    }
    const parsed = parseJson(text);
    if (mutation) this.pacer.afterResponse(operation, res.statusCode, res.headers, parsed);
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, data: (parsed as { data?: unknown } | undefined)?.data };

    const first = (parsed as { errors?: Array<{ type?: string; message?: string; data?: { msBeforeNext?: number } }> } | undefined)?.errors?.[0];
    const error = new SegmentApiError(operation, method, path, res.statusCode, first?.type ?? statusText(res.statusCode),
      redact(first?.message ?? text.slice(0, 200), this.options.token), mutation && res.statusCode >= 500);
    if (res.statusCode === 429) {
      this.stats.rateLimited++;
      return { ok: false, error, waitMs: waitFor429(first?.data?.msBeforeNext, res.headers) };
    }
    return { ok: false, error };
  }

  /** Reads one page of a list endpoint. */
  async page<T>(operation: OperationName, cursor?: string, options: Pick<CallOptions, 'params' | 'query'> = {}): Promise<Page<T>> {
    const key = (ENDPOINTS[operation] as { listKey?: string }).listKey;
    if (!key) throw new Error(`${operation} is not a list operation`);
    const data = await this.call<Record<string, unknown>>(operation, {
      params: options.params, query: { ...options.query, pagination: { count: this.pageSize, cursor } },
    });
    const next = (data?.pagination as { next?: string | null } | undefined)?.next ?? undefined;
    return { items: (data?.[key] as T[] | undefined) ?? [], next: next || undefined };
  }

  /** Reads every page of a list endpoint, following `next` until it is absent. */
  async list<T>(operation: OperationName, options: Pick<CallOptions, 'params' | 'query'> = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.limit(() => this.page<T>(operation, cursor, options));
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return items;
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
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
