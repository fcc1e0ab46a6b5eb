// Maps a JSON path inside a parsed manifest back to the line and column of the YAML node, so every
// diagnostic and every plan step can point at the exact key or value that caused it.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type JsonPath = ReadonlyArray<string | number>;

/** A position a person can open: `file:line:col`. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

/** The parts of a loaded file that position look-ups need. */
export interface PositionedDocument {
  path: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * Finds where `path` sits in the document. `target: 'key'` points at the key of the last segment
 * (for an unknown key), `'value'` at its value. A path that leaves the document stops at the
 * deepest node that exists, which is still the most useful place to point at.
 */
export function locate(file: PositionedDocument, path: JsonPath, target: 'key' | 'value' = 'value'): SourceRef {
  let node: unknown = file.doc.contents;
  let offset = node && (node as Node).range ? (node as Node).range![0] : 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isAlias(node)) node = node.resolve(file.doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) break;
      const isLast = i === path.length - 1;
      if (isLast && target === 'key' && (pair.key as Node | null)?.range) {
        offset = (pair.key as Node).range![0];
        break;
      }
      next = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    } else {
      break;
    }
    const range = (next as Node | null)?.range;
    if (!range) break;
    offset = range[0];
    node = next;
  }
  const { line, col } = file.lineCounter.linePos(offset);
  return { file: file.path, line, col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

export function formatRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.col}`;
}
