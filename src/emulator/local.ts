// The embedded local workspace behind `--local`: the emulator in-process on a free loopback port,
// its state in `.segment-access/local/<slug>.json` (created from the demo seed on first use), so
// every command works with no Segment account.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { localSeed } from './demo-seed.js';
import { startEmulator, type Emulator } from './server.js';
import { Store } from './store.js';
import type { RateLimit } from './rate-limit.js';
import type { EmulatorState } from './state.js';
import { withUnknowns, type Unknowns } from './unknowns.js';

/** The API's per-endpoint limit (60) over a one-second window: real pacing, demo speed. */
export const LOCAL_RATE_LIMIT: RateLimit = { points: 60, windowMs: 1000 };

export function localStatePath(cwd: string, slug: string): string {
  return path.join(cwd, '.segment-access', 'local', `${slug}.json`);
}

export interface LocalOptions {
  cwd: string;
  slug: string;
  /** Default: 60 per second — the real 60-per-minute proportions, sixty times faster. */
  rateLimit?: RateLimit | null;
  /** The time the local workspace lives at (`--at`, else now): a new one is seeded as of it. */
  asOf?: Date;
}

/** A clock that reads `start` now and runs on from there at the real pace. */
export function clockFrom(start: Date): () => number {
  const offset = Date.now() - start.getTime();
  return () => Date.now() - offset;
}

/**
 * The local workspace, seeded as of `asOf` when new, recording from `asOf` on: what it stamps
 * (Audit Trail events, new invites) falls on the day the command evaluates, so `--at` shows one
 * consistent world instead of an apply "on" one day that the Audit Trail dates another. Rate limits
 * keep the wall clock, as a real server's do.
 */
export async function startLocal(options: LocalOptions): Promise<Emulator> {
  const store = await Store.open({ file: localStatePath(options.cwd, options.slug), seed: () => localSeed(options.slug, options.asOf ?? new Date()) });
  return startEmulator({
    store, rateLimit: options.rateLimit === undefined ? LOCAL_RATE_LIMIT : options.rateLimit, ...(options.asOf ? { recordTime: clockFrom(options.asOf) } : {}),
  });
}

/**
 * Restores the seed for `slug` as of `now` (the demo, the demo's catalog for another slug, or the
 * state given), with the switches for Segment's unknowns stored in it (every later `--local` run of
 * that workspace plays them).
 */
export async function resetLocal(cwd: string, slug: string, unknowns: Partial<Unknowns> = {}, now = new Date(), seed?: EmulatorState): Promise<string> {
  const file = localStatePath(cwd, slug);
  await rm(file, { force: true });
  await Store.open({ file, seed: () => withUnknowns(seed ?? localSeed(slug, now), unknowns) });
  return file;
}
