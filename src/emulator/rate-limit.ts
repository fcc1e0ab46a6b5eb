// Per-endpoint rate limits as the Public API applies them to IAM mutations: a fixed number of
// requests per window for each (token, operation). Windows are aligned to the clock (multiples of
// the window length), so the RFC 5322 `X-RateLimit-Reset` header — whole seconds — is exact even
// when the window is scaled down to a second for tests and benchmarks.

export interface RateLimit {
  points: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { points: 60, windowMs: 60_000 };
/** What the headers of reads count against when no read limit is set (never enforced). */
export const NOMINAL_READ_LIMIT: RateLimit = { points: 100_000, windowMs: 60_000 };

/** Parses `60/min`, `60/m`, `60/s`, `600/minute`, or `off`. */
export function parseRateLimit(text: string): RateLimit | null {
  if (/^(off|none|0)$/i.test(text)) return null;
  const m = /^(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hour)$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new Error(`invalid rate limit "${text}": expected N/s, N/min or off`);
  const unit = m[2]!.toLowerCase();
  const windowMs = unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  return { points: Number(m[1]), windowMs };
}

export interface Consumption {
  allowed: boolean;
  limit: number;
  consumed: number;
  remaining: number;
  /** Epoch ms at which the current window ends. */
  resetAt: number;
  msBeforeNext: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; consumed: number }>();

  constructor(private readonly limit: RateLimit, private readonly now: () => number = Date.now) {}

  consume(key: string): Consumption {
    const now = this.now();
    const start = Math.floor(now / this.limit.windowMs) * this.limit.windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, consumed: 0 };
      this.windows.set(key, window);
    }
    const resetAt = start + this.limit.windowMs;
    const allowed = window.consumed < this.limit.points;
    if (allowed) window.consumed++;
    return {
      allowed,
      limit: this.limit.points,
      consumed: window.consumed,
      remaining: Math.max(0, this.limit.points - window.consumed),
      resetAt,
      msBeforeNext: allowed ? 0 : resetAt - now,
    };
  }
}
