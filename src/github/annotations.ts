// GitHub Actions workflow commands (`::error file=..::message`) so diagnostics show up on the
// manifest lines in a pull request. GitHub keeps at most 10 annotations per severity and step, so
// we emit 10 and then say how many more there are.
import type { Diagnostic } from '../manifest/diagnostic.js';

export const MAX_ANNOTATIONS_PER_SEVERITY = 10;

/** Escapes a command's message the way @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value the way @actions/core does. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotationLines(diagnostics: readonly Diagnostic[]): string[] {
  const lines: string[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const matching = diagnostics.filter((d) => d.severity === severity);
    for (const d of matching.slice(0, MAX_ANNOTATIONS_PER_SEVERITY)) {
      const props = [`file=${d.file}`, `line=${d.line}`, `col=${d.col}`, `title=${d.code}`]
        .map((p) => { const i = p.indexOf('='); return `${p.slice(0, i)}=${escapeProperty(p.slice(i + 1))}`; })
        .join(',');
      const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
      lines.push(`::${severity} ${props}::${escapeData(message)}`);
    }
    const rest = matching.length - MAX_ANNOTATIONS_PER_SEVERITY;
    if (rest > 0) {
      lines.push(`::notice::${rest} more ${severity}${rest === 1 ? '' : 's'} not annotated (GitHub shows at most ${MAX_ANNOTATIONS_PER_SEVERITY}); see the log for all of them`);
    }
  }
  return lines;
}
