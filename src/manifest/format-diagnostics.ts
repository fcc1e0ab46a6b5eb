// Terminal printer for diagnostics: `file:line:col: severity code: message`, the hint indented on
// the next line, and one count line at the end.
import { oneLine, plural } from '../words.js';
import type { Diagnostic } from './diagnostic.js';

export function formatDiagnostic(d: Diagnostic): string {
  const head = oneLine(`${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`);
  return d.hint ? `${head}\n  hint: ${oneLine(d.hint)}` : head;
}

export function countLine(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (diagnostics.length === 0) return `No problems found in ${files}.`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${files}.`;
}

export { plural };
