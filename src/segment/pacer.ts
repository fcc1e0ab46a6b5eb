// Paces mutations per endpoint by what the API says about its limit: after a response that leaves
// `X-RateLimit-Remaining: 0`, the next call on that endpoint waits until `X-RateLimit-Reset`; after a
// 429 it waits `msBeforeNext`. Each endpoint (operation) has its own window, as the API's limits do.
import type { Dispatcher } from 'undici';

export class MutationPacer {
  private readonly blockedUntil = new Map<string, number>();
  /** Total time spent waiting for windows, per operation (for reports). */
  readonly waitedMs: Record<string, number> = {};

  constructor(private readonly now: () => number = Date.now) {}

  async beforeCall(operation: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    const until = this.blockedUntil.get(operation) ?? 0;
    const wait = until - this.now();
    if (wait > 0) {
      this.waitedMs[operation] = (this.waitedMs[operation] ?? 0) + wait;
      await sleep(wait);
    }
  }

  afterResponse(operation: string, status: number, headers: Dispatcher.ResponseData['headers'], body: unknown): void {
    if (status === 429) {
      const ms = (body as { errors?: Array<{ data?: { msBeforeNext?: number } }> } | undefined)?.errors?.[0]?.data?.msBeforeNext;
      if (typeof ms === 'number') this.block(operation, this.now() + ms + 5);
      return;
    }
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Date.parse(String(headers['x-ratelimit-reset'] ?? ''));
    if (remaining === 0 && !Number.isNaN(reset)) this.block(operation, reset + 5);
  }

  private block(operation: string, until: number): void {
    this.blockedUntil.set(operation, Math.max(until, this.blockedUntil.get(operation) ?? 0));
  }
}
