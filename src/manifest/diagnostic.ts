// Diagnostics: what validation returns instead of throwing. Every stage that looks at manifests
// (load, schema, semantics, resolve) reports problems in this one shape, so one printer each can
// serve the terminal, GitHub annotations and job summaries.

export type Severity = 'error' | 'warning';

/** One finding about the manifests, anchored to a place a person can open in an editor. */
export interface Diagnostic {
  severity: Severity;
  /** Path of the manifest file as the user named it (relative to the working directory, `/`-separated). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** Stable kebab-case identifier, e.g. `unknown-key`; documented in docs/manifests.md. */
  code: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it, in one line. */
  hint: string;
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}

/** Orders diagnostics as a reader scans files: by file, then position, then code. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** Byte-order string comparison: stable across locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
