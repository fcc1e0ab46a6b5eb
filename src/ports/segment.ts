// The Segment side of the ports: a connection is a checked client for one workspace (the real API
// or the embedded local workspace), and where its calls go, for messages (never the token).
import type { SegmentClient } from '../segment/client.js';

export interface Connection {
  client: SegmentClient;
  /** Where the calls go, for messages (never the token). */
  target: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  local?: boolean;
  /** The workspace the calls are for; absent (not `--local`): whichever SEGMENT_API_TOKEN belongs to. */
  slug?: string;
  region: 'us' | 'eu';
  /** The manifest's `workspace.tokenEnv`: the variable that must hold this workspace's token. */
  tokenEnv?: string;
  concurrency?: number;
  /** With `local`: the time the local workspace lives at (the command's `--at`); a new one is seeded as of it. */
  asOf?: Date;
  /** Told about rate-limit waits (the use case passes them on as events). */
  onWait?: (message: string) => void;
}
