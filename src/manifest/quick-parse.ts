// The quick parse: js-yaml's event parser, about four times faster than building a `yaml` Document
// (6.7 MB of manifests: 1.3 s against 6 s here), with the data and the offsets of every node built
// from the same events in one pass. It takes only plain files: one document whose root is a mapping,
// no anchors, aliases, tags, directives, block scalars, byte-order mark or lone carriage returns, no
// duplicate, `__proto__` or `<<` key and nothing js-yaml rejects. Anything else returns `undefined`
// and load.ts parses the file exactly with `yaml`, which words every error and applies the alias
// limit. Scalars resolve by YAML 1.2's core schema in both (test/manifest/quick-parse.test.ts
// compares them, and the offsets, on every path).
import { getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import type { PosNode, PosPair } from './positions.js';

const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;

/** A plain scalar's value by YAML 1.2's core schema: null, a boolean, a number, or the text itself. */
function plainValue(raw: string): unknown {
  // Most scalars are words (emails, names, roles): one test of the first character settles them.
  const c = raw.charCodeAt(0);
  const maybeSpecial = raw.length === 0 || c === 126 /* ~ */ || c === 46 /* . */ || c === 43 /* + */ || c === 45 /* - */
    || (c >= 48 && c <= 57) || c === 110 || c === 78 /* n N */ || c === 116 || c === 84 /* t T */ || c === 102 || c === 70; /* f F */
  if (!maybeSpecial) return raw;
  if (/^(?:~|null|Null|NULL|)$/.test(raw)) return null;
  if (/^(?:true|True|TRUE)$/.test(raw)) return true;
  if (/^(?:false|False|FALSE)$/.test(raw)) return false;
  if (/^[-+]?[0-9]+$/.test(raw) || /^0o[0-7]+$/.test(raw) || /^0x[0-9a-fA-F]+$/.test(raw)) return Number(raw);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw)) return Number(raw);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(raw)) return NaN;
  return raw;
}

/** The string a plain scalar key becomes as a key of the parsed object (undefined for a null key). */
function plainKeyText(raw: string): string | undefined {
  const value = plainValue(raw);
  return value === null ? undefined : String(value); // `yaml` makes a null key "", js-yaml "null"
}

interface Frame {
  node: PosNode;
  /** The array or object being built for this node. */
  value: unknown[] | Record<string, unknown>;
  /** In a mapping: the key read, waiting for its value. */
  key?: { text: string; start: number; end: number };
}

/**
 * `{ data, root }` for a plain file, `null` for an empty one (only comments), `undefined` when the
 * exact parse must decide.
 */
export function quickParse(text: string): { data: unknown; root: PosNode } | null | undefined {
  if (text.startsWith('\uFEFF') || /\r(?!\n)/.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  const stack: Frame[] = [];
  let root: PosNode | undefined;
  let data: unknown;
  let documents = 0;
  /** Puts a node and its value where the events say; false when the exact parse must decide. */
  const attach = (node: PosNode, value: unknown): boolean => {
    const parent = stack.at(-1);
    if (!parent) {
      if (root) return false;
      root = node;
      data = value;
      return true;
    }
    if (parent.node.items) {
      parent.node.items.push(node);
      (parent.value as unknown[]).push(value);
      return true;
    }
    if (!parent.key) return false; // a key that is not a scalar
    const key = parent.key.text;
    const object = parent.value as Record<string, unknown>;
    // A duplicate key is an error the exact parse words; `__proto__` and `<<` mean more in some parsers.
    if (Object.hasOwn(object, key) || key === '__proto__' || key === '<<') return false;
    object[key] = value;
    const pair: PosPair = { key, keyStart: parent.key.start, value: node };
    parent.node.pairs!.push(pair);
    parent.key = undefined;
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case DOCUMENT:
        if (++documents > 1 || event.directives.length) return undefined;
        stack.length = 0;
        break;
      case SEQUENCE:
      case MAPPING: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const node: PosNode = event.type === MAPPING ? { start: event.start, pairs: [] } : { start: event.start, items: [] };
        const value = event.type === MAPPING ? {} : [];
        if (!attach(node, value)) return undefined;
        stack.push({ node, value });
        break;
      }
      case SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const parent = stack.at(-1);
        if (event.style !== PLAIN && event.style !== SINGLE_QUOTED && event.style !== DOUBLE_QUOTED) return undefined;
        if (parent?.node.pairs && !parent.key) {
          // A key: its text as the parsed object will have it, and where it starts and ends.
          if (event.valueStart < 0) return undefined;
          const quoted = event.style !== PLAIN;
          const value = getScalarValue(text, event);
          const key = quoted ? value : plainKeyText(value);
          if (key === undefined) return undefined;
          parent.key = {
            text: key,
            start: quoted ? event.valueStart - 1 : event.valueStart,
            end: quoted ? event.valueEnd + 1 : event.valueEnd,
          };
          break;
        }
        const start = scalarStart(text, event, parent);
        if (start === undefined) return undefined;
        const value = event.valueStart < 0 ? null : event.style === PLAIN ? plainValue(getScalarValue(text, event)) : getScalarValue(text, event);
        if (!attach({ start }, value)) return undefined;
        break;
      }
      case POP:
        if (stack.length) stack.pop();
        break;
      default:
        return undefined; // an alias
    }
  }
  if (!root) return documents <= 1 ? null : undefined;
  if (!root.pairs) return undefined; // not a mapping: the exact parse says so, with its position
  return { data, root };
}

/**
 * Where `yaml` says a scalar value starts: at its first character, at the opening quote, and for an
 * empty value in a mapping just after the `: ` that follows its key.
 */
function scalarStart(text: string, event: ScalarEvent, parent: Frame | undefined): number | undefined {
  if (event.valueStart >= 0) return event.style === PLAIN ? event.valueStart : event.valueStart - 1;
  if (!parent?.key) return undefined;
  let at = parent.key.end;
  while (text[at] === ' ' || text[at] === '\t') at++;
  if (text[at] !== ':') return undefined;
  at++;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}
