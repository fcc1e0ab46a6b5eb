// Digests that bind a plan to what it was made from. The operations digest covers exactly what
// apply would send (canonical JSON of the operations); a saved plan is applied only when the plan
// recomputed from today's manifests and workspace has the same one (docs/plan.md, "Integrity").
import { createHash } from 'node:crypto';
import type { Operation } from './types.js';

/** JSON with object keys sorted, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function operationsDigest(operations: readonly Operation[]): string {
  return sha256(canonicalJson(operations));
}
