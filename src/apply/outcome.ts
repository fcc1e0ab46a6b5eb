// What an apply run produced, for the apply comment, the job summary and benchmarks.
import type { Plan } from '../plan/types.js';
import type { ExecuteReport } from './execute.js';

export interface ApplyOutcome {
  exitCode: number;
  plan?: Plan;
  report?: ExecuteReport;
  evidencePath?: string;
  /** Operations a re-plan after the apply still found (verification). */
  residual?: Plan['operations'];
  fingerprintAfter?: string;
  /** Why nothing was applied, when the plan was refused before anything was sent (not reviewed). */
  notApplied?: string;
  /** HTTP figures of the run (requests, retries, 429s), for reports and benchmarks. */
  stats?: { requests: number; retries: number; rateLimited: number };
}
