// The shape of a YAML text that fmt works on: each collection and scalar with where it starts and
// ends in the text, block or flow, and each mapping key with its place. Built from js-yaml's event
// parser for plain files (the quick path, about twice as fast as a `yaml` Document), or from a `yaml`
// Document for everything else (anchors, tags, block scalars, several documents).
import { getScalarValue, parseEvents, type Event } from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export interface TreeNode {
  kind: 'map' | 'seq' | 'scalar' | 'alias';
  flow: boolean;
  /** Offsets in the text: the node's first character, and just past its last (trailing blanks excluded). */
  start: number;
  end: number;
  pairs?: TreePair[];
  items?: Array<TreeNode | null>;
}

export interface TreePair {
  /** The key as the parsed data has it (undefined for a key that is not a scalar). */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  value: TreeNode | null;
}

const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;
const FLOW = 2;

interface Frame {
  node: TreeNode;
  /** In a mapping: the key read, waiting for its value. */
  key?: { text: string; start: number; end: number };
}

/**
 * The tree of a plain file from js-yaml's events: `null` for an empty document, `undefined` when
 * the file needs the exact parse (anchors, aliases, tags, block scalars, several documents, a
 * directive, a key that is not a plain or quoted scalar, an empty value it cannot place).
 */
export function treeFromEvents(text: string): TreeNode | null | undefined {
  if (text.startsWith('\uFEFF') || /\r(?!\n)/.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  const stack: Frame[] = [];
  let root: TreeNode | undefined;
  let documents = 0;
  const attach = (node: TreeNode): boolean => {
    const parent = stack.at(-1);
    if (!parent) {
      if (root) return false;
      root = node;
      return true;
    }
    if (parent.node.items) {
      parent.node.items.push(node);
      return true;
    }
    if (!parent.key) return false;
    parent.node.pairs!.push({ key: parent.key.text, keyStart: parent.key.start, keyEnd: parent.key.end, value: node });
    parent.key = undefined;
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case DOCUMENT:
        if (++documents > 1 || event.directives.length) return undefined;
        break;
      case SEQUENCE:
      case MAPPING: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const node: TreeNode = { kind: event.type === MAPPING ? 'map' : 'seq', flow: event.style === FLOW, start: event.start, end: event.start, ...(event.type === MAPPING ? { pairs: [] } : { items: [] }) };
        if (!attach(node)) return undefined;
        stack.push({ node });
        break;
      }
      case SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        if (event.style !== PLAIN && event.style !== SINGLE_QUOTED && event.style !== DOUBLE_QUOTED) return undefined;
        const quoted = event.style !== PLAIN;
        const parent = stack.at(-1);
        if (parent?.node.pairs && !parent.key) {
          if (event.valueStart < 0) return undefined;
          parent.key = { text: getScalarValue(text, event), start: quoted ? event.valueStart - 1 : event.valueStart, end: quoted ? event.valueEnd + 1 : event.valueEnd };
          break;
        }
        let start: number;
        let end: number;
        if (event.valueStart >= 0) {
          start = quoted ? event.valueStart - 1 : event.valueStart;
          end = quoted ? event.valueEnd + 1 : event.valueEnd;
        } else {
          // An empty value: where `yaml` places it, just after the `: ` that follows its key.
          if (!parent?.key) return undefined;
          let at = parent.key.end;
          while (text[at] === ' ' || text[at] === '\t') at++;
          if (text[at] !== ':') return undefined;
          at++;
          while (text[at] === ' ' || text[at] === '\t') at++;
          start = end = at;
        }
        if (!attach({ kind: 'scalar', flow: false, start, end })) return undefined;
        break;
      }
      case POP: {
        const frame = stack.pop();
        if (frame) frame.node.end = collectionEnd(text, frame.node);
        break;
      }
      default:
        return undefined; // an alias
    }
  }
  if (!root) return documents <= 1 ? null : undefined;
  return root;
}

/** Where a collection ends: after its last child (block), or after its closing bracket (flow). */
function collectionEnd(text: string, node: TreeNode): number {
  const last = node.pairs ? node.pairs.at(-1) : undefined;
  const lastEnd = node.pairs ? (last ? last.value?.end ?? last.keyEnd : node.start) : (node.items!.at(-1)?.end ?? node.start);
  if (!node.flow) {
    // A comment on the line of the last content belongs to the collection (as `yaml` has it).
    let at = lastEnd;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] !== '#' || at === lastEnd) return lastEnd;
    const eol = text.indexOf('\n', at);
    return eol < 0 ? text.length : eol;
  }
  const close = node.kind === 'map' ? '}' : ']';
  let at = Math.max(lastEnd, node.start + 1);
  while (at < text.length && text[at] !== close) {
    if (text[at] === '#' && /\s/.test(text[at - 1] ?? ' ')) {
      const eol = text.indexOf('\n', at);
      at = eol < 0 ? text.length : eol;
      continue;
    }
    at++;
  }
  return at + 1;
}

/** The tree of a `yaml` Document (the exact parse), in the same shape. */
export function treeFromDocument(doc: Document, text: string): TreeNode | null {
  const convert = (node: unknown): TreeNode | null => {
    if (!node || !(node as Node).range) return null;
    const n = node as Node;
    const start = n.range![0];
    let end = n.range![1];
    if ((isMap(n) || isSeq(n)) && !n.flow) while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (isMap(n)) {
      return {
        kind: 'map', flow: Boolean(n.flow), start, end,
        pairs: n.items.map((p: Pair) => {
          const key = p.key as Node | null;
          return {
            key: isScalar(key) ? String(key.value) : undefined,
            keyStart: key?.range ? key.range[0] : -1, keyEnd: key?.range ? key.range[1] : -1,
            value: convert(p.value),
          };
        }),
      };
    }
    if (isSeq(n)) return { kind: 'seq', flow: Boolean(n.flow), start, end, items: n.items.map((item) => (isPair(item) ? null : convert(item))) };
    return { kind: isAlias(n) ? 'alias' : 'scalar', flow: false, start, end };
  };
  return convert(doc.contents);
}
