// What a view produces, and what every view knows about where its text goes. Views are pure: they
// turn a use case's outcome into text for stdout and stderr, and workflow commands (annotations) for
// the GitHub runner. The composition root writes them, through one sink that makes every string
// safe for a terminal and for the runner (src/adapters/terminal.ts).
import { annotationLines } from '../github/annotations.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { formatDiagnostic } from '../manifest/format-diagnostics.js';

/**
 * One piece of output, in the order it is to be written: text for stdout or stderr, or a workflow
 * command (`::error file=..::...`), already escaped, written to stderr unchanged.
 */
export interface Chunk {
  to: 'stdout' | 'stderr' | 'command';
  text: string;
}

export type Printed = Chunk[];

export interface ViewContext {
  /** Colour on stdout (decided once: --no-color, NO_COLOR, FORCE_COLOR, a terminal). */
  colour: boolean;
  /** In GitHub Actions: diagnostics also become annotations. */
  actions: boolean;
  /** The working directory: paths are shown relative to it. */
  cwd: string;
  /** stdout is a terminal. */
  stdoutTTY: boolean;
  /** stderr is a terminal (progress frames are drawn only there). */
  stderrTTY: boolean;
  /** The terminal's width now. */
  columns(): number | undefined;
}

/** stdout first, then stderr, then commands; empty parts are left out. */
export function printed(parts: { stdout?: string; stderr?: string; commands?: readonly string[] } = {}): Printed {
  return [
    ...(parts.stdout ? [{ to: 'stdout' as const, text: parts.stdout }] : []),
    ...(parts.stderr ? [{ to: 'stderr' as const, text: parts.stderr }] : []),
    ...(parts.commands ?? []).map((text) => ({ to: 'command' as const, text })),
  ];
}

export function join(...parts: Printed[]): Printed {
  return parts.flat();
}

/** All the text of one stream. */
export function textOf(p: Printed, to: Chunk['to']): string {
  return p.filter((c) => c.to === to).map((c) => c.text).join('');
}

/**
 * Diagnostics on stderr (stdout carries only the requested format: a JSON plan must parse), and
 * their annotations in Actions (the runner reads workflow commands from stderr too).
 */
export function diagnosticsPrinted(diagnostics: readonly Diagnostic[], ctx: Pick<ViewContext, 'actions'>): Printed {
  return printed({
    stderr: diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(''),
    commands: ctx.actions ? annotationLines(diagnostics) : [],
  });
}

/** `1 file`, `2 files`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
