// The ports a use case takes (docs/architecture.md, "Use cases, views, ports"): everything outside the process's own memory that
// a command touches, as small interfaces. The composition roots (cli.ts, action.ts) build the
// adapters (src/adapters/) once and pass them in; tests pass in-memory fakes or temporary folders.
import type { Connection, ConnectOptions } from './segment.js';
import type { GitHub } from './github.js';

export type { GitHub } from './github.js';
export type { Connection, ConnectOptions } from './segment.js';

/** What time it is. `--at` does not change it: it sets the instant a plan is judged at. */
export interface Clock {
  now(): Date;
}

/** One question to the person at the terminal; absent when there is none. */
export interface Prompt {
  ask(question: string): Promise<string>;
}

/** The few git questions the tool asks, run without a shell, in the working directory. */
export interface Git {
  /** Files changed between REF's merge base with HEAD and the working tree, under `root`, relative to the working directory. */
  changedSince(root: string, ref: string): Promise<string[]>;
  /** The YAML files under `dir` at revision `ref` (paths relative to `dir`), or why they could not be read. */
  manifestsAt(dir: string, ref: string): Promise<{ files: Array<{ relPath: string; text: string }> } | { reason: string }>;
  /** The work tree's top folder, or the working directory outside a repository. */
  repositoryRoot(): Promise<string>;
  /** `git config user.email`, when set. */
  userEmail(): Promise<string | undefined>;
}

/** Reads files a person names (a saved plan, an evidence record) and writes what the tool produces. */
export interface Files {
  read(file: string): Promise<string>;
  /** Writes every file, or none: each is written beside its target and renamed into place once all are written. */
  writeAll(files: ReadonlyMap<string, string>): Promise<void>;
  /** Writes one file at once, before returning (beside its target, then renamed): for a process about to exit. */
  writeNow(file: string, text: string): void;
}

/**
 * The signals that stop a run (SIGINT, SIGTERM, SIGHUP), and a way out at once. `listen` returns
 * what stops listening; `exit` ends the process without waiting for anything else.
 */
export interface Signals {
  listen(handler: (signal: string) => void): () => void;
  exit(code: number): void;
}

/** The Segment Public API (or the embedded local workspace), one connection per workspace. */
export interface Segment {
  connect(options: ConnectOptions): Promise<Connection>;
}

/** The GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`); absent outside Actions. */
export interface JobSummary {
  append(markdown: string): Promise<void>;
}

/** What the CI run says about where we are, read once at the edge (environment and event payload). */
export interface CiContext {
  /** Running in GitHub Actions (`GITHUB_ACTIONS=true`). */
  actions: boolean;
  /** The commit the run is for (`GITHUB_SHA`). */
  sha?: string;
  runUrl?: string;
  repository?: string;
  actor?: string;
  ref?: string;
  eventName?: string;
  /** From the event payload of a pull request event. */
  pullRequest?: { number?: number; headSha?: string; baseSha?: string };
  /** `SEGMENT_ACCESS_BOT_LOGIN`: the login of the App the GitHub token writes as, when GET /user cannot say. */
  botLogin?: string;
}

/** The machine a command runs on, read once at the edge: the OS user and the host name. */
export interface Machine {
  user?: string;
  host?: string;
}

export interface Ports {
  cwd: string;
  clock: Clock;
  segment: Segment;
  /** The GitHub adapter, built on first use (it needs GITHUB_TOKEN and GITHUB_REPOSITORY). */
  github: () => GitHub;
  git: Git;
  files: Files;
  ci: CiContext;
  /** Who runs this, on which host: recorded in the evidence of an apply (with git's user.email). */
  machine: Machine;
  prompt?: Prompt;
  summary?: JobSummary;
  /** Absent where nothing can be signalled (tests that do not ask for it). */
  signals?: Signals;
}
