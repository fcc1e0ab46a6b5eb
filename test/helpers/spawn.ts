// Runs the real `segment-access` bin as a child process (for what only a process shows: the first
// line of `emulator`, signals, exit codes).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The CLI from its TypeScript sources (so tests never run a stale dist/cli.js; the bin's bundle has its own test). */
export const CLI = ['--import', new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href, new URL('../../src/cli-main.ts', import.meta.url).pathname];

export interface Spawned {
  child: ChildProcess;
  firstLine: string;
  url: string;
  token: string;
  exited: Promise<number | null>;
}

/** Starts `segment-access emulator ...args` and resolves once it printed its listening line. */
export async function spawnEmulator(args: string[], cwd = process.cwd()): Promise<Spawned> {
  const child = spawn(process.execPath, [...CLI, 'emulator', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before listening`)));
  });
  lines.on('line', () => {}); // keep draining
  const m = /listening on (\S+) \(workspace \S+, token (\S+)\)$/.exec(firstLine);
  if (!m) throw new Error(`unexpected first line: ${firstLine}`);
  return { child, firstLine, url: m[1]!, token: m[2]!, exited };
}
