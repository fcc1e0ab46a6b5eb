// Where the Segment API is: the embedded local workspace (`--local`), or the real API with
// SEGMENT_API_TOKEN (base URL from the manifest's region, overridable with SEGMENT_API_URL).
import { startLocal } from '../emulator/local.js';
import { BASE_URLS, LIMITS, SegmentClient, type ClientOptions } from '../segment/client.js';
import { UserError, type Io } from './io.js';

/**
 * Requests in flight at once for independent reads (group members, user fallbacks). The Public API
 * documents no limit on reads; 429s are waited out if one applies.
 */
export const READ_CONCURRENCY = 16;

export interface Connection {
  client: SegmentClient;
  /** Where the calls go, for messages (never the token). */
  target: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  local?: boolean;
  slug: string;
  region: 'us' | 'eu';
  concurrency?: number;
}

/**
 * The client's limits from the environment, in seconds: SEGMENT_ACCESS_MAX_WAIT (longest rate-limit
 * wait accepted, default 300), SEGMENT_ACCESS_UNREACHABLE (how long the API may fail in a row, default
 * 120), SEGMENT_ACCESS_TIMEOUT (deadline of one request, default 30).
 */
export function clientLimits(io: Io): Pick<ClientOptions, 'maxWaitMs' | 'unreachableMs' | 'timeoutMs' | 'onWait'> {
  const seconds = (name: string, fallback: number): number => {
    const text = io.env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a number of seconds greater than 0, not ${JSON.stringify(text)}`);
    return Math.round(n * 1000);
  };
  return {
    maxWaitMs: seconds('SEGMENT_ACCESS_MAX_WAIT', LIMITS.maxWaitMs),
    unreachableMs: seconds('SEGMENT_ACCESS_UNREACHABLE', LIMITS.unreachableMs),
    timeoutMs: seconds('SEGMENT_ACCESS_TIMEOUT', LIMITS.timeoutMs),
    onWait: (message) => io.stderr(`${message}\n`),
  };
}

export async function connect(options: ConnectOptions, io: Io): Promise<Connection> {
  const limits = clientLimits(io);
  if (options.local) {
    const emulator = await startLocal({ cwd: io.cwd, slug: options.slug });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, concurrency: options.concurrency ?? READ_CONCURRENCY, ...limits });
    return {
      client, target: `local workspace ${options.slug} (.segment-access/local/${options.slug}.json)`,
      async close() { await client.close(); await emulator.close(); },
    };
  }
  const token = io.env.SEGMENT_API_TOKEN;
  if (!token) {
    throw new UserError('SEGMENT_API_TOKEN is not set: export a Segment Public API token of this workspace, or pass --local to use the embedded demo workspace');
  }
  const baseUrl = io.env.SEGMENT_API_URL || BASE_URLS[options.region];
  const client = new SegmentClient({ baseUrl, token, concurrency: options.concurrency ?? READ_CONCURRENCY, ...limits });
  return { client, target: baseUrl, close: () => client.close() };
}
