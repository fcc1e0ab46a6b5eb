// Paces calls per endpoint by what the API says about its limits. X-RateLimit-* come on every
// successful answer, reads included (docs/segment-api.md, "Rate limits"), and each endpoint has its own
// window. After an answer, the calls still in flight are subtracted from `X-RateLimit-Remaining`, and
// each call started afterwards takes one more; when none is left, the next call waits until
// `X-RateLimit-Reset`. A 429 blocks the endpoint for its `msBeforeNext`.
import type { Dispatcher } from 'undici';

export class RatePacer {
  private readonly blockedUntil = new Map<string, number>();
  private readonly budget = new Map<string, { remaining: number; resetAt: number }>();
  private readonly inFlight = new Map<string, number>();
  /** Total time spent waiting for windows, per operation (for reports). */
  readonly waitedMs: Record<string, number> = {};

  constructor(private readonly now: () => number = Date.now) {}

  async beforeCall(operation: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    let wait = (this.blockedUntil.get(operation) ?? 0) - this.now();
    const budget = this.budget.get(operation);
    if (budget && budget.remaining <= 0 && budget.resetAt > this.now()) {
      wait = Math.max(wait, budget.resetAt + 5 - this.now());
      this.budget.delete(operation);
    } else if (budget) {
      budget.remaining--;
    }
    this.inFlight.set(operation, (this.inFlight.get(operation) ?? 0) + 1);
    if (wait > 0) {
      this.waitedMs[operation] = (this.waitedMs[operation] ?? 0) + wait;
      try {
        await sleep(wait);
      } catch (err) {
        this.settled(operation);
        throw err;
      }
    }
  }

  /**
   * A 429's wait was served in full by the caller (it slept until `until`): the endpoint's block
   * for it is lifted, so the same wait is not taken twice.
   */
  served(operation: string, until: number): void {
    const blocked = this.blockedUntil.get(operation);
    if (blocked !== undefined && blocked <= until) this.blockedUntil.delete(operation);
  }

  /** A call ended without an answer to learn from (network error, timeout). */
  settled(operation: string): void {
    this.inFlight.set(operation, Math.max(0, (this.inFlight.get(operation) ?? 1) - 1));
  }

  afterResponse(operation: string, status: number, headers: Dispatcher.ResponseData['headers'], body: unknown): void {
    this.settled(operation);
    if (status === 429) {
      const ms = (body as { errors?: Array<{ data?: { msBeforeNext?: number } }> } | undefined)?.errors?.[0]?.data?.msBeforeNext;
      if (typeof ms === 'number') this.block(operation, this.now() + ms + 5);
      return;
    }
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Date.parse(String(headers['x-ratelimit-reset'] ?? ''));
    if (Number.isNaN(remaining) || Number.isNaN(reset)) return;
    this.budget.set(operation, { remaining: remaining - (this.inFlight.get(operation) ?? 0), resetAt: reset });
  }

  private block(operation: string, until: number): void {
    this.blockedUntil.set(operation, Math.max(until, this.blockedUntil.get(operation) ?? 0));
  }
}
