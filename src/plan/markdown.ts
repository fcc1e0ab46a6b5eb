// Markdown that user-written strings (emails, group names, messages from manifests or the API)
// cannot break: they cannot close a code block, open an HTML comment or tag, forge a link or a
// table cell, or @mention anyone. GitHub renders comments as GitHub-flavoured Markdown with HTML.
import { oneLine } from '../words.js';

/** Escapes text for inline Markdown (paragraphs, list items, table cells, summaries). */
export function mdText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~!]/g, (c) => `\\${c}`)
    .replace(/@/g, '&#64;');
}

/** A fenced code block whose fence no line of `lines` can close. */
export function codeBlock(lines: readonly string[], language = ''): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  const fence = '`'.repeat(longest + 1);
  // Each entry is one line: a line break inside one (a name from the workspace) is shown, never followed.
  const safe = lines.map((l) => oneLine(l));
  return [`${fence}${language}`, ...safe, fence].join('\n');
}
