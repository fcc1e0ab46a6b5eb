// An in-memory Io: run any command in-process and read what it printed.
import type { Io } from '../../src/adapters/terminal.js';

export interface MemoryIo extends Io {
  out: string[];
  err: string[];
  readonly stdoutText: string;
  readonly stderrText: string;
}

export function memoryIo(options: { env?: Record<string, string | undefined>; cwd?: string; isTTY?: boolean; answers?: string[] } = {}): MemoryIo {
  const out: string[] = [];
  const err: string[] = [];
  const answers = [...(options.answers ?? [])];
  return {
    out,
    err,
    stdout: (text) => { out.push(text); },
    stderr: (text) => { err.push(text); },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
    prompt: options.answers ? async () => answers.shift() ?? '' : undefined,
    get stdoutText() { return out.join(''); },
    get stderrText() { return err.join(''); },
  };
}
