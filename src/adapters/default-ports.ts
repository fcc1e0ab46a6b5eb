// The ports of a run on this machine, from its environment and working directory: what the
// composition roots (and benchmarks, which drive the use cases directly) pass to the use cases.
import { hostname, userInfo } from 'node:os';
import type { Machine, Ports } from '../ports/index.js';
import { ciContext, gitHubFromEnv } from './ci-context.js';
import { gitIn } from './git-cli.js';
import { jobSummary } from './job-summary.js';
import { filesIn } from './node-files.js';
import { segmentFromEnv } from './segment-connector.js';

export async function defaultPorts(options: { env: Record<string, string | undefined>; cwd: string; ask?: (question: string) => Promise<string>; onWait?: (message: string) => void }, overrides: Partial<Ports> = {}): Promise<Ports> {
  const summary = jobSummary(options.env);
  return {
    cwd: options.cwd, clock: { now: () => new Date() }, segment: segmentFromEnv(options.env, options.cwd, options.onWait), github: gitHubFromEnv(options.env),
    git: gitIn(options.cwd), files: filesIn(options.cwd), ci: overrides.ci ?? await ciContext(options.env), machine: thisMachine(),
    ...(options.ask ? { prompt: { ask: options.ask } } : {}), ...(summary ? { summary } : {}), ...overrides,
  };
}

/** The OS user and host name; a sandbox without a passwd entry (userInfo throws) leaves the user out. */
export function thisMachine(): Machine {
  let user: string | undefined;
  try {
    user = userInfo().username || undefined;
  } catch {
    user = undefined;
  }
  const host = hostname() || undefined;
  return { ...(user ? { user } : {}), ...(host ? { host } : {}) };
}
