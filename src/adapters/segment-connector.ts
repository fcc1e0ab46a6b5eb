// Where the Segment API is: the embedded local workspace (`--local`), or the real API with the
// workspace's token from the environment (base URL from the manifest's region, overridable with
// SEGMENT_API_URL). The only module that reads a Segment token.
import { startLocal } from '../emulator/local.js';
import { tokenVariable } from '../manifest/token-env.js';
import type { Connection, ConnectOptions, Segment } from '../ports/index.js';
import { BASE_URLS, LIMITS, SegmentClient, type ClientOptions } from '../segment/client.js';
import { UserError } from '../user-error.js';
import { DEMO_SLUG } from '../emulator/demo-seed.js';

/**
 * Requests in flight at once for independent reads (group members, user fallbacks). The Public API
 * documents no limit on reads; 429s are waited out if one applies.
 */
export const READ_CONCURRENCY = 16;


/**
 * The workspace's token and where it came from: `workspace.tokenEnv` when the manifest names one
 * (it must be set), else SEGMENT_API_TOKEN_<SLUG>, else SEGMENT_API_TOKEN. One repository can hold
 * many workspaces, each with its own token.
 */
export function workspaceToken(env: Record<string, string | undefined>, slug: string, tokenEnv?: string): { token: string; variable: string } {
  if (tokenEnv) {
    // The schema allows only SEGMENT_* names; checked again here, where the variable is read.
    if (!/^SEGMENT_[A-Za-z0-9_]+$/.test(tokenEnv)) throw new UserError(`workspace.tokenEnv of ${slug} is ${JSON.stringify(tokenEnv)}: only variables whose name begins with SEGMENT_ may hold a Segment token`);
    const token = env[tokenEnv];
    if (!token) throw new UserError(`${tokenEnv} is not set: workspace ${slug} reads its Public API token from it (workspace.tokenEnv); export it, or pass --local`);
    return { token, variable: tokenEnv };
  }
  const own = tokenVariable(slug);
  if (env[own]) return { token: env[own], variable: own };
  if (env.SEGMENT_API_TOKEN) return { token: env.SEGMENT_API_TOKEN, variable: 'SEGMENT_API_TOKEN' };
  throw new UserError(`SEGMENT_API_TOKEN is not set: export a Segment Public API token of workspace ${slug} (as ${own} or SEGMENT_API_TOKEN), or pass --local to use the embedded demo workspace`);
}

/** The token of a command not tied to one workspace's manifests (doctor without DIR): SEGMENT_API_TOKEN. */
function anyToken(env: Record<string, string | undefined>): string {
  if (env.SEGMENT_API_TOKEN) return env.SEGMENT_API_TOKEN;
  throw new UserError('SEGMENT_API_TOKEN is not set: export a Segment Public API token (never printed), name a manifest folder whose workspace has one, or pass --local');
}

/**
 * The client's limits from the environment, in seconds: SEGMENT_ACCESS_MAX_WAIT (longest rate-limit
 * wait accepted, and most one call may wait in all, default 300), SEGMENT_ACCESS_MAX_WAIT_TOTAL (most
 * all waits of a run may add up to, default 900), SEGMENT_ACCESS_UNREACHABLE (how long the API may fail in a row, default
 * 120), SEGMENT_ACCESS_TIMEOUT (deadline of one request, default 30).
 */
export function clientLimits(env: Record<string, string | undefined>): Pick<ClientOptions, 'maxWaitMs' | 'maxWaitTotalMs' | 'unreachableMs' | 'timeoutMs'> {
  const seconds = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a number of seconds greater than 0, not ${JSON.stringify(text)}`);
    return Math.round(n * 1000);
  };
  return {
    maxWaitMs: seconds('SEGMENT_ACCESS_MAX_WAIT', LIMITS.maxWaitMs),
    maxWaitTotalMs: seconds('SEGMENT_ACCESS_MAX_WAIT_TOTAL', LIMITS.maxWaitTotalMs),
    unreachableMs: seconds('SEGMENT_ACCESS_UNREACHABLE', LIMITS.unreachableMs),
    timeoutMs: seconds('SEGMENT_ACCESS_TIMEOUT', LIMITS.timeoutMs),
  };
}

/**
 * The Segment port from the environment, for the working directory `cwd` (where `--local` keeps its
 * state). `onWait` is told about rate-limit waits unless a use case listens for them itself.
 */
export function segmentFromEnv(env: Record<string, string | undefined>, cwd: string, onWait?: (message: string) => void): Segment {
  return {
    async connect(options: ConnectOptions): Promise<Connection> {
      const wait = options.onWait ?? onWait;
      const limits = { ...clientLimits(env), ...(wait ? { onWait: wait } : {}) };
      const concurrency = options.concurrency ?? READ_CONCURRENCY;
      if (options.local) {
        const slug = options.slug ?? DEMO_SLUG;
        const emulator = await startLocal({ cwd, slug, ...(options.asOf ? { asOf: options.asOf } : {}) });
        const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, concurrency, ...limits });
        return {
          client, target: `local workspace ${slug} (.segment-access/local/${slug}.json)`,
          async close() { await client.close(); await emulator.close(); },
        };
      }
      const token = options.slug === undefined ? anyToken(env) : workspaceToken(env, options.slug, options.tokenEnv).token;
      const baseUrl = env.SEGMENT_API_URL || BASE_URLS[options.region];
      const client = new SegmentClient({ baseUrl, token, concurrency, ...limits });
      return { client, target: baseUrl, close: () => client.close() };
    },
  };
}
