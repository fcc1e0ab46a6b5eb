// Apply: execute a plan's steps against the API, as fast as the rate limits allow and no faster.
//
// Phases run in the plan's order. Within a phase, steps on different endpoints run concurrently
// (each endpoint has its own limit) while each endpoint runs one call at a time, paced by the
// X-RateLimit headers and 429s (see segment/pacer.ts). In change-permissions, owner grants finish
// before anything else starts and owner removals start last. A step that may have been applied
// (5xx, reset, timeout) is never repeated blindly: the subject is re-read and only what is missing
// is sent. A step that still fails stops the run after the current phase.
import { backoff, type SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { PHASES, type Step } from '../plan/types.js';
import { findGroupId, remainingCall, type Call } from './recover.js';

export interface StepResult {
  id: string;
  operation: string;
  subjects: string[];
  status: 'done' | 'failed' | 'not-attempted';
  attempts: number;
  /** Re-reads made after a failure that may have applied the call. */
  recoveries: number;
  startedAt?: string;
  ms?: number;
  error?: { status?: number; type?: string; message: string };
}

export interface ExecuteOptions {
  /** Most attempts per step (first try included). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  onStep?: (result: StepResult) => void;
}

export interface ExecuteReport {
  results: StepResult[];
  ok: boolean;
  wallMs: number;
}

/** Steps that must run in plan order (re-issue = cancel, then invite again). */
const ORDERED_PHASES = new Set(['reissue-invites']);

export async function executePlan(steps: readonly Step[], client: SegmentClient, options: ExecuteOptions = {}): Promise<ExecuteReport> {
  const started = performance.now();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const groupIds = new Map<string, string>();
  const results = new Map<string, StepResult>(steps.map((s) => [s.id, {
    id: s.id, operation: s.operation, subjects: s.changes.map((c) => c.subject), status: 'not-attempted', attempts: 0, recoveries: 0,
  }]));

  let failed = false;
  for (const phase of PHASES) {
    if (failed) break;
    const inPhase = steps.filter((s) => s.phase === phase);
    for (const wave of waves(inPhase)) {
      // A failed owner grant must not be followed by owner removals: later waves wait for success.
      if (failed) break;
      const lanes = new Map<string, Step[]>();
      for (const step of wave) {
        const lane = ORDERED_PHASES.has(phase) ? phase : step.operation;
        lanes.set(lane, [...(lanes.get(lane) ?? []), step]);
      }
      await Promise.all([...lanes.values()].map(async (lane) => {
        for (const step of lane) {
          const result = results.get(step.id)!;
          await runStep(step, result, client, groupIds, options.maxAttempts ?? 6, sleep);
          options.onStep?.(result);
          if (result.status === 'failed') {
            failed = true;
            if (ORDERED_PHASES.has(phase)) return; // later steps of this lane depend on this one
          }
        }
      }));
    }
  }
  const list = steps.map((s) => results.get(s.id)!);
  return { results: list, ok: list.every((r) => r.status === 'done'), wallMs: Math.round(performance.now() - started) };
}

/** Owner grants, then the rest, then owner removals (only change-permissions has more than one wave). */
function waves(steps: Step[]): Step[][] {
  const rank = (s: Step) => {
    if (s.phase !== 'change-permissions') return 1;
    const risks = s.changes.flatMap((c) => c.risks);
    return risks.includes('owner-grant') ? 0 : risks.includes('owner-removal') ? 2 : 1;
  };
  return [0, 1, 2].map((r) => steps.filter((s) => rank(s) === r)).filter((w) => w.length > 0);
}

async function runStep(step: Step, result: StepResult, client: SegmentClient, groupIds: Map<string, string>, maxAttempts: number,
  sleep: (ms: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  result.startedAt = new Date().toISOString();
  let call: Call | null;
  try {
    call = materialize(step, groupIds);
  } catch (err) {
    result.status = 'failed';
    result.error = { message: (err as Error).message };
    return;
  }
  while (call) {
    const current: Call = call;
    result.attempts++;
    try {
      const data = await client.call<any>(current.operation, current.method, current.path, { query: current.query, body: current.body });
      if (step.operation === 'createUserGroup') groupIds.set((step.body as { name: string }).name, data.userGroup.id);
      call = null;
    } catch (err) {
      if (!(err instanceof SegmentApiError)) throw err;
      const retryable = err.maybeApplied || err.status === 429 || err.status === undefined;
      if (!retryable || result.attempts >= maxAttempts) {
        result.status = 'failed';
        result.error = { status: err.status, type: err.type, message: err.message };
        result.ms = Math.round(performance.now() - t0);
        return;
      }
      await sleep(backoff(result.attempts - 1));
      try {
        result.recoveries++;
        if (step.operation === 'createUserGroup') {
          const name = (step.body as { name: string }).name;
          const id = await findGroupId(client, name);
          if (id) { groupIds.set(name, id); call = null; }
        } else {
          call = await remainingCall(current, client);
        }
      } catch (readErr) {
        // The re-read failed too: keep the call as it was and try again (attempts are capped).
        if (!(readErr instanceof SegmentApiError)) throw readErr;
      }
    }
  }
  result.status = 'done';
  result.ms = Math.round(performance.now() - t0);
}

/** Replaces `{group:<name>}` with the id of a group created earlier in this run. */
function materialize(step: Step, groupIds: Map<string, string>): Call {
  const path = step.path.replace(/\{group:([^}]+)\}/g, (_, name: string) => {
    const id = groupIds.get(name);
    if (!id) throw new Error(`group ${name} was not created earlier in this run`);
    return encodeURIComponent(id);
  });
  return { operation: step.operation, method: step.method, path, query: step.query, body: step.body };
}

/**
 * The least time the rate limits allow for these steps: for each phase, the most calls on one
 * endpoint divided by the rate, summed over phases.
 */
export function lowerBoundMs(steps: readonly Step[], perWindow: number, windowMs: number): number {
  let total = 0;
  for (const phase of PHASES) {
    const counts = new Map<string, number>();
    for (const s of steps) if (s.phase === phase) counts.set(s.operation, (counts.get(s.operation) ?? 0) + 1);
    const most = Math.max(0, ...counts.values());
    total += (most / perWindow) * windowMs;
  }
  return total;
}
