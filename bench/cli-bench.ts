// Whole-process timings of the prebuilt CLI (dist/cli.js) on the example: what a person waits for.
// Each command runs `runs` times one after the other; the median and the fastest are reported
// against the targets of issue 13 (validate 0.35 s, plan --local 0.6 s).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './harness.js';

interface Row { [key: string]: string | number; command: string; medianS: number; fastestS: number; targetS: number; runs: number }

export function cliBench(runs = 11): Row[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'segment-access-bench-'));
  try {
    cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
    const cli = path.join(ROOT, 'dist/cli.js');
    const measure = (command: string, args: string[], targetS: number): Row => {
      const seconds: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, stdio: 'ignore' });
        seconds.push((performance.now() - started) / 1000);
        if (result.status !== 0 && result.status !== 2) throw new Error(`${command} exited ${result.status}`);
      }
      seconds.sort((a, b) => a - b);
      const round = (s: number) => Math.round(s * 1000) / 1000;
      return { command, medianS: round(seconds[Math.floor(runs / 2)]!), fastestS: round(seconds[0]!), targetS, runs };
    };
    return [
      measure('validate examples/acme', ['validate', 'acme'], 0.35),
      measure('plan examples/acme --local', ['plan', 'acme', '--local', '--at', '2026-11-22'], 0.6),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
