// What an apply came to (docs/architecture.md, "Use cases, views, ports"): one of five outcomes, each with its data. The use case
// returns it; views render it (terminal, JSON), and the GitHub comment and job summary report from it.
import type { Diagnostic } from '../manifest/diagnostic.js';
import type { GuardFinding, Operation, Plan } from '../plan/types.js';
import type { ExecuteReport } from './execute.js';

interface ApplyBase {
  plan: Plan;
  diagnostics: Diagnostic[];
  /** HTTP figures of the run (requests, retries, 429s), for reports and benchmarks. */
  stats?: { requests: number; retries: number; rateLimited: number };
  /** The apply result commented on the merged pull request(s) (apply --comment). */
  comments?: Array<{ pr: number; action: string; url?: string }>;
}

/** Every operation succeeded and a fresh read matches the manifests (or there was nothing to do). */
export interface Applied extends ApplyBase {
  kind: 'Applied';
  report?: ExecuteReport;
  evidencePath?: string;
  fingerprintAfter?: string;
  /** The re-plan after the apply, which found nothing left to do. */
  verified?: Plan;
}

/** A safety guard refused the plan: nothing was sent. */
export interface Refused extends ApplyBase {
  kind: 'Refused';
  guards: GuardFinding[];
  /** Guards `--allow-removals` lifted, so they were not what refused. */
  allowed: GuardFinding[];
}

/** Nobody approved this plan (apply --comment, --approved-digest): nothing was sent. */
export interface NotReviewed extends ApplyBase {
  kind: 'NotReviewed';
  reason: string;
  /** The plan as it is now, commented on the merged pull request with the reason. */
  posted?: { pr: number; action: string; url?: string };
}

/** Stopped before the end: by the person at the prompt (nothing sent), or by a signal (evidence written). */
export interface Cancelled extends ApplyBase {
  kind: 'Cancelled';
  by: 'operator' | 'signal';
  signal?: string;
  report?: ExecuteReport;
  evidencePath?: string;
}

/** A call failed, or the verification read failed or found the workspace still different. */
export interface Failed extends ApplyBase {
  kind: 'Failed';
  stage: 'execute' | 'verify';
  report: ExecuteReport;
  evidencePath: string;
  /** Operations the re-plan after the apply still found. */
  residual?: Operation[];
  afterPlan?: Plan;
  fingerprintAfter?: string;
  error?: string;
}

export type ApplyOutcome = Applied | Refused | NotReviewed | Cancelled | Failed;
