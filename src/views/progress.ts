// Progress while applying: on a terminal, one line redrawn in place that fits the terminal's width,
// with an ETA from the pace observed so far (rate-limit waits included, and shown in the line);
// elsewhere (CI logs), one plain line per finished step. Subjects are written by people, so they are
// made terminal-safe before they are printed.
import type { OperationResult } from '../apply/execute.js';
import { shortList } from '../plan/operation-label.js';
import { terminalSafe } from '../plan/render-text.js';

export interface Progress {
  step(result: OperationResult): void;
  /** A rate-limit wait: on a terminal it takes the line's place until the next step, elsewhere a line. */
  wait(message: string): void;
  done(): void;
}

export interface ProgressIo {
  stdout(t: string): void;
  stderr(t: string): void;
  /** Draws a frame in place (the sink adds the carriage return and the clear-to-end-of-line). */
  frame?(line: string): void;
  isTTY: boolean;
  /** The terminal's width now (it can change while applying); 80 when unknown. */
  columns?: () => number | undefined;
}

/** "42s", "3m05s": short enough for a progress line. */
export function etaText(seconds: number): string {
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** One redrawn progress line of at most `columns - 1` characters (the last column would wrap). */
export function progressLine(finished: number, total: number, etaSeconds: number, label: string, columns: number): string {
  const counts = ` ${finished}/${total} ETA ${etaText(etaSeconds)}`;
  const room = Math.max(0, columns - 1);
  // The bar gives way first (it is dropped below 10 characters), keeping 20 for the label
  // (4 more: the brackets and the two spaces before the label).
  const fit = Math.min(30, room - counts.length - 4 - 20);
  const barWidth = fit >= 10 ? fit : 0;
  const filled = total > 0 ? Math.round((finished / total) * barWidth) : barWidth;
  const bar = barWidth > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]` : '';
  const head = `${bar}${counts}`.trimStart();
  const rest = room - head.length - 2;
  return rest > 0 ? `${head}  ${label.slice(0, rest)}` : head.slice(0, room);
}

export function progressPrinter(total: number, estimateMs: number, io: ProgressIo, now: () => number = Date.now): Progress {
  const started = now();
  let finished = 0;
  // Before the first call ends, only the rate limits can say (the plan's estimate at Segment's
  // limits); after it, the observed pace does, rate-limit waits included: the estimate assumes
  // Segment's 60 calls a minute spread evenly, which is high where calls go in bursts per window and
  // far too high against a faster server (the local workspace).
  const eta = () => {
    const elapsed = now() - started;
    if (!finished) return Math.round(Math.max(0, estimateMs - elapsed) / 1000);
    return Math.round(((elapsed / finished) * (total - finished)) / 1000);
  };
  return {
    step(result) {
      finished++;
      const label = terminalSafe(`${result.kind} ${shortList(result.subjects)}`);
      if (io.isTTY) {
        const line = progressLine(finished, total, eta(), label, io.columns?.() ?? 80);
        // \r returns to the start of the line and \x1b[K clears what a longer line left behind.
        if (io.frame) io.frame(line);
        else io.stderr(`\r${line}\u001b[K`);
      } else {
        const status = result.status === 'done' ? 'ok' : 'FAILED';
        const extra = result.recoveries ? `, ${result.recoveries} re-read${result.recoveries === 1 ? '' : 's'} after errors` : '';
        io.stdout(`[${finished}/${total}] ${status} ${label} (${result.ms ?? 0} ms${extra})${result.error ? `: ${terminalSafe(result.error.message)}` : ''}\n`);
      }
    },
    wait(message) {
      if (!io.isTTY) {
        io.stderr(`${terminalSafe(message)}\n`);
        return;
      }
      const line = `${finished}/${total} ${terminalSafe(message)}`.slice(0, Math.max(0, (io.columns?.() ?? 80) - 1));
      if (io.frame) io.frame(line);
      else io.stderr(`\r${line}\u001b[K`);
    },
    done() {
      if (!io.isTTY || finished === 0) return;
      // The last frame's ETA would stay on screen: end on what happened instead.
      const line = `${finished}/${total} finished in ${etaText(Math.round((now() - started) / 1000))}`;
      if (io.frame) io.frame(line);
      else io.stderr(`\r${line}\u001b[K`);
      io.stderr('\n');
    },
  };
}
