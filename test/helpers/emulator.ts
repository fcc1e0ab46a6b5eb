// Starts the emulator in-process on a loopback port for a test, and gives a raw HTTP caller
// (undici, as the real client uses) to drive it.
import { request } from 'undici';
import { afterEach } from 'vitest';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/server.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { Store } from '../../src/emulator/store.js';

const running: Emulator[] = [];
afterEach(async () => { for (const e of running.splice(0)) await e.close(); });

export async function testEmulator(
  options: Partial<Omit<EmulatorOptions, 'store'>> & { seed?: EmulatorState; stateFile?: string } = {},
): Promise<Emulator> {
  const { seed, stateFile, ...rest } = options;
  const store = await Store.open({ file: stateFile, seed: () => structuredClone(seed ?? demoSeed()) });
  const emulator = await startEmulator({ rateLimit: null, ...rest, store });
  running.push(emulator);
  return emulator;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export async function call(emulator: Emulator, method: string, path: string, body?: unknown, token: string | null = emulator.token): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${emulator.url}${path}`, { method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const P = 'pagination%5Bcount%5D=1000';
