// Maps a JSON path inside a parsed manifest back to the line and column of the YAML node, so every
// diagnostic and every plan step can point at the exact key or value that caused it.
//
// Positions are kept as a small tree of offsets (PosNode), built either from js-yaml's parser events
// (the fast path of load.ts) or from a `yaml` Document (the exact path for anything unusual); both
// give the same offsets, which test/manifest/positions.test.ts checks on every path of every example.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type JsonPath = ReadonlyArray<string | number>;

/** A position a person can open: `file:line:col`. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

/** Where a node starts (the offset `yaml` gives as `range[0]`), and where its children are. */
export interface PosNode {
  start: number;
  pairs?: PosPair[];
  items?: Array<PosNode | undefined>;
}

export interface PosPair {
  /** The key as a string, as it is in the parsed data (undefined for a key that is not a scalar). */
  key: string | undefined;
  keyStart: number | undefined;
  value: PosNode | undefined;
}

/** The parts of a loaded file that position look-ups need. */
export interface PositionedDocument {
  path: string;
  root: PosNode | undefined;
  /** 1-based line and column of an offset in the file's text. */
  linePos(offset: number): { line: number; col: number };
}

/**
 * Finds where `path` sits in the document. `target: 'key'` points at the key of the last segment
 * (for an unknown key), `'value'` at its value. A path that leaves the document stops at the
 * deepest node that exists, which is still the most useful place to point at.
 */
export function locate(file: PositionedDocument, path: JsonPath, target: 'key' | 'value' = 'value'): SourceRef {
  let node = file.root;
  let offset = node ? node.start : 0;
  for (let i = 0; i < path.length && node; i++) {
    const segment = path[i]!;
    let next: PosNode | undefined;
    if (node.pairs) {
      const pair = node.pairs.find((p) => p.key === String(segment));
      if (!pair) break;
      if (i === path.length - 1 && target === 'key' && pair.keyStart !== undefined) {
        offset = pair.keyStart;
        break;
      }
      next = pair.value ?? (pair.keyStart !== undefined ? { start: pair.keyStart } : undefined);
    } else if (node.items && typeof segment === 'number') {
      next = node.items[segment];
    } else {
      break;
    }
    if (!next) break;
    offset = next.start;
    node = next;
  }
  const { line, col } = file.linePos(offset);
  return { file: file.path, line, col };
}

/** The offset tree of a `yaml` Document; an alias starts where it is written and leads into its anchor. */
export function positionsOfDocument(doc: Document.Parsed): PosNode | undefined {
  const memo = new Map<Node, PosNode>();
  const convert = (node: unknown): PosNode | undefined => {
    if (isAlias(node)) {
      const target = convert(node.resolve(doc));
      return node.range ? { start: node.range[0], ...(target?.pairs ? { pairs: target.pairs } : {}), ...(target?.items ? { items: target.items } : {}) } : undefined;
    }
    const range = (node as Node | null)?.range;
    if (!range) return undefined;
    const known = memo.get(node as Node);
    if (known) return known;
    const pos: PosNode = { start: range[0] };
    memo.set(node as Node, pos);
    if (isMap(node)) {
      pos.pairs = node.items.filter(isPair).map((p) => ({
        key: isScalar(p.key) ? String(p.key.value) : undefined,
        keyStart: (p.key as Node | null)?.range?.[0],
        value: convert(p.value),
      }));
    } else if (isSeq(node)) {
      pos.items = node.items.map(convert);
    }
    return pos;
  };
  return convert(doc.contents);
}

/** Line and column of offsets in `text`, the way yaml's LineCounter counts them (lines end at `\n`). */
export function lineIndex(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}

/** The LineCounter of a `yaml` parse as a position function. */
export function linePosOf(counter: LineCounter): (offset: number) => { line: number; col: number } {
  return (offset) => counter.linePos(offset);
}

export function formatRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.col}`;
}
