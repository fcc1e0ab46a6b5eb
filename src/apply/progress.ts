// Progress while applying: on a terminal, one bar redrawn in place with the ETA the rate limit
// implies; elsewhere (CI logs), one plain line per finished step.
import type { OperationResult } from './execute.js';

export interface Progress {
  step(result: OperationResult): void;
  done(): void;
}

export function progressPrinter(total: number, estimateMs: number, io: { stdout(t: string): void; stderr(t: string): void; isTTY: boolean }): Progress {
  const started = Date.now();
  let finished = 0;
  const eta = () => {
    const elapsed = Date.now() - started;
    const byRate = Math.max(0, estimateMs - elapsed);
    const byPace = finished ? (elapsed / finished) * (total - finished) : byRate;
    return Math.round(Math.max(byRate, byPace) / 1000);
  };
  return {
    step(result) {
      finished++;
      const label = `${result.kind} ${result.subjects}`;
      if (io.isTTY) {
        const width = 30;
        const filled = Math.round((finished / total) * width);
        io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${total} ETA ${eta()}s  ${label.slice(0, 60).padEnd(60)}`);
      } else {
        const status = result.status === 'done' ? 'ok' : 'FAILED';
        const extra = result.recoveries ? `, ${result.recoveries} re-read${result.recoveries === 1 ? '' : 's'} after errors` : '';
        io.stdout(`[${finished}/${total}] ${status} ${label} (${result.ms ?? 0} ms${extra})${result.error ? `: ${result.error.message}` : ''}\n`);
      }
    },
    done() {
      if (io.isTTY) io.stderr('\n');
    },
  };
}
