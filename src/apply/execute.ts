// Apply: execute a plan's operations, in the plan's order, as fast as the rate limits allow.
//
// The plan's order was checked prefix by prefix, so it is kept: an operation that takes access from
// anyone runs alone, after everything before it finished. Runs of consecutive operations that only
// add access (`onlyAdds`) may run concurrently, one lane per endpoint (each endpoint has its own
// limit), each waiting for the operations it depends on: any subset of such operations keeps the
// invariants. A call that may have been applied (5xx, reset, timeout) is never repeated blindly:
// its subject is re-read and only what is missing is sent. The first failure stops the run: nothing
// else starts, and what had not started is reported as not attempted.
import { backoff, type SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { InvalidIdError } from '../segment/endpoints.js';
import { batches } from '../plan/duration.js';
import { operationSubjectList, type Spelling } from '../plan/operation-label.js';
import type { Operation, OperationParams } from '../plan/types.js';
import { findGroups, remainingParams } from './recover.js';
import { MissingGroupError, requestFor, type CreatedGroups } from './requests.js';

export interface OperationResult {
  id: string;
  kind: Operation['params']['kind'];
  /** The people (emails) and groups (`group NAME`) the call acts on. */
  subjects: string[];
  changes: string[];
  /** `unknown`: started when the process stopped (only in a record written at once on a second signal). */
  status: 'done' | 'failed' | 'not-attempted' | 'unknown';
  attempts: number;
  /** Re-reads made after a failure that may have applied the call. */
  recoveries: number;
  startedAt?: string;
  ms?: number;
  error?: { status?: number; type?: string; message: string; hint?: string };
}

export interface ExecuteOptions {
  /** Most attempts per operation (first try included). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  onResult?: (result: OperationResult) => void;
  /** Told when an operation's first call is about to be sent. */
  onStart?: (id: string) => void;
  /**
   * Aborted by a signal (its reason names it, e.g. `SIGINT`): no new operation starts; calls in
   * flight finish (or time out), and what had not started is reported as not attempted.
   */
  cancel?: AbortSignal;
  /** How the results name people: as the plan's changes do (planSpelling). */
  spelling?: Spelling;
}

export interface ExecuteReport {
  results: OperationResult[];
  ok: boolean;
  wallMs: number;
  /** Set when the run was cancelled: the reason of the abort (the signal's name). */
  cancelled?: string;
  /** Set on a report of a run that had not finished (written as it starts, or at once on a second signal). */
  interrupted?: boolean;
}

/** Thrown to stop an operation with a message for the person (the workspace changed under it). */
class Conflict extends Error {}

/**
 * Failures that no re-read can mend: an answer that cannot be believed, a rate-limit wait over the
 * cap, an API that stayed unreachable past the budget. The run stops at once (evidence is written).
 */
const FINAL = new Set(['InvalidResponse', 'InvalidId', 'RateLimitWaitTooLong', 'Unreachable']);

function retryable(err: SegmentApiError): boolean {
  return !FINAL.has(err.type) && (err.maybeApplied || err.status === 429 || err.status === undefined);
}

export async function executePlan(operations: readonly Operation[], client: SegmentClient, options: ExecuteOptions = {}): Promise<ExecuteReport> {
  const started = performance.now();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const created: CreatedGroups = new Map();
  const results = new Map<string, OperationResult>(operations.map((op) => [op.id, {
    id: op.id, kind: op.params.kind, subjects: operationSubjectList(op, options.spelling), changes: op.changes, status: 'not-attempted', attempts: 0, recoveries: 0,
  }]));
  // Settles when an operation has finished (or was skipped); dependencies wait on it.
  const finished = new Map<string, Promise<void>>();
  let stopped = false;

  for (const batch of batches(operations)) {
    if (options.cancel?.aborted) stopped = true;
    if (stopped) break;
    const settle = new Map<string, () => void>();
    for (const op of batch) finished.set(op.id, new Promise<void>((resolve) => settle.set(op.id, resolve)));
    const lanes = new Map<string, Operation[]>();
    for (const op of batch) lanes.set(op.params.kind, [...(lanes.get(op.params.kind) ?? []), op]);
    await Promise.all([...lanes.values()].map(async (lane) => {
      for (const op of lane) {
        await Promise.all(op.after.map((id) => finished.get(id) ?? Promise.resolve()));
        const result = results.get(op.id)!;
        if (options.cancel?.aborted) stopped = true;
        if (!stopped && op.after.every((id) => results.get(id)?.status === 'done')) {
          options.onStart?.(op.id);
          await runOperation(op, result, client, created, options.maxAttempts ?? 6, sleep);
          if (result.status === 'failed') stopped = true;
          options.onResult?.(result);
        }
        settle.get(op.id)!();
      }
    }));
  }
  const list = operations.map((op) => results.get(op.id)!);
  const cancelled = options.cancel?.aborted && list.some((r) => r.status === 'not-attempted') ? String(options.cancel.reason ?? 'cancelled') : undefined;
  return { results: list, ok: !cancelled && list.every((r) => r.status === 'done'), wallMs: Math.round(performance.now() - started), ...(cancelled ? { cancelled } : {}) };
}

async function runOperation(op: Operation, result: OperationResult, client: SegmentClient, created: CreatedGroups, maxAttempts: number,
  sleep: (ms: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  result.startedAt = new Date().toISOString();
  const fail = (error: OperationResult['error']) => {
    result.status = 'failed';
    result.error = error;
    result.ms = Math.round(performance.now() - t0);
  };
  try {
    if (op.params.kind === 'createUserGroup') await createGroup(op, op.params.name, result, client, created, maxAttempts, sleep);
    else await mutate(op.params, result, client, created, maxAttempts, sleep);
    result.status = 'done';
    result.ms = Math.round(performance.now() - t0);
  } catch (err) {
    if (err instanceof SegmentApiError) fail({ status: err.status, type: err.type, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
    else if (err instanceof Conflict || err instanceof MissingGroupError || err instanceof InvalidIdError) fail({ message: err.message });
    else throw err;
  }
}

async function mutate(first: OperationParams, result: OperationResult, client: SegmentClient, created: CreatedGroups, maxAttempts: number,
  sleep: (ms: number) => Promise<void>): Promise<void> {
  let params: OperationParams | null = first;
  while (params) {
    result.attempts++;
    try {
      await client.send(requestFor({ params }, created));
      return;
    } catch (err) {
      if (!(err instanceof SegmentApiError)) throw err;
      if (!retryable(err) || result.attempts >= maxAttempts) throw err;
      await sleep(backoff(result.attempts - 1));
      result.recoveries++;
      try {
        params = await remainingParams(params, client, created);
      } catch (readErr) {
        // The re-read failed too: keep the call as it was and try again (attempts are capped).
        if (!(readErr instanceof SegmentApiError) || FINAL.has(readErr.type)) throw readErr;
      }
    }
  }
}

/**
 * Creating a group is the one call that can duplicate state, so it is guarded on both sides: a group
 * of that name that exists right before the call means the workspace changed under this apply (a
 * person, or another apply, created it); one that appears beside ours right after means another
 * apply created it at the same moment, and ours is deleted again. A lost answer is resolved by
 * looking the group up by name, never by creating it twice.
 */
async function createGroup(op: Operation, name: string, result: OperationResult, client: SegmentClient, created: CreatedGroups, maxAttempts: number,
  sleep: (ms: number) => Promise<void>): Promise<void> {
  const existing = await findGroups(client, name);
  if (existing.length) {
    throw new Conflict(`the workspace changed under this apply: group ${name} already exists (id ${existing.map((g) => g.id).join(', ')}), created by a person or another apply; nothing was created — run plan again`);
  }
  let id: string | undefined;
  while (!id) {
    result.attempts++;
    try {
      const data = await client.call('createUserGroup', { body: { name } });
      id = data.userGroup.id;
    } catch (err) {
      if (!(err instanceof SegmentApiError)) throw err;
      if (!retryable(err) || result.attempts >= maxAttempts) throw err;
      await sleep(backoff(result.attempts - 1));
      result.recoveries++;
      const found = await findGroups(client, name).catch(() => undefined);
      if (found && found.length > 1) throw new Conflict(`group ${name} now exists ${found.length} times (ids ${found.map((g) => g.id).join(', ')}); another apply ran at the same time — run plan again`);
      if (found?.length === 1) id = found[0]!.id;
    }
  }
  const after = await findGroups(client, name);
  const others = after.filter((g) => g.id !== id);
  if (others.length) {
    await client.call('deleteUserGroup', { params: { userGroupId: id } });
    throw new Conflict(`another apply created group ${name} at the same time (id ${others.map((g) => g.id).join(', ')}); the copy this apply created was deleted again — run plan again`);
  }
  created.set(op.id, id);
}
