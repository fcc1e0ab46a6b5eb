// How long a plan's API calls take at Segment's rate limits, and how apply groups them: runs of
// consecutive calls that only add access may go concurrently (one lane per endpoint); any other call
// runs alone. Segment limits each IAM mutation endpoint to 60 calls a minute (docs/segment-api.md, "Rate limits").
import type { Operation } from './types.js';

export const SEGMENT_MUTATIONS_PER_MINUTE = 60;

/** Consecutive `onlyAdds` operations form one concurrent batch; any other operation runs alone. */
export function batches<T extends Pick<Operation, 'onlyAdds'>>(operations: readonly T[]): T[][] {
  const out: T[][] = [];
  for (const op of operations) {
    const last = out.at(-1);
    if (op.onlyAdds && last && last[0]!.onlyAdds) last.push(op);
    else out.push([op]);
  }
  return out;
}

/**
 * The least time the rate limits allow for these operations: for each batch, the most calls on one
 * endpoint divided by the rate, summed over batches.
 */
export function lowerBoundMs(operations: readonly Operation[], perWindow = SEGMENT_MUTATIONS_PER_MINUTE, windowMs = 60_000): number {
  let total = 0;
  for (const batch of batches(operations)) {
    const counts = new Map<string, number>();
    for (const op of batch) counts.set(op.params.kind, (counts.get(op.params.kind) ?? 0) + 1);
    total += (Math.max(0, ...counts.values()) / perWindow) * windowMs;
  }
  return total;
}

/** "about 40 s", "about 3 min", "about 1 h 10 min". Calls within one window's quota go at once. */
export function durationText(ms: number): string {
  if (ms < 60_000) return `about ${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `about ${minutes} min` : `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
