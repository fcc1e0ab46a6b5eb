// `fmt`: one canonical layout for manifest files, so that a diff shows what changed and not who
// wrote it. It works on the source text, not by re-printing the YAML: the keys of each known
// mapping are put in a fixed order by moving their lines whole (with the comment lines directly
// above a key, and its trailing comment), and a one-line flow collection is respaced
// (`{ role: Source Admin, sources: [web, app] }`). Every comment, blank line, quote style and
// indentation is kept as written. Pure: text in, text out.
import { parseDocument } from 'yaml';
import { quickParse } from './quick-parse.js';
import { treeFromDocument, treeFromEvents, type TreeNode, type TreePair } from './yaml-tree.js';

/** What a mapping is, by where it sits; decides the order of its keys. */
type Kind = 'root' | 'workspace' | 'policy' | 'profiles' | 'member' | 'group' | 'token' | 'entry' | 'other';

/**
 * Canonical key orders. Short scalar keys first, long lists last; the person before their access,
 * the role before its scope, an expiry after what it ends. Keys not listed (a typo, a key from a
 * newer format) keep their relative order after the listed ones, so `validate` still points at them.
 */
export const KEY_ORDER: Readonly<Record<Exclude<Kind, 'other' | 'profiles'>, readonly string[]>> = {
  root: ['version', 'workspace', 'policy', 'profiles', 'groups', 'members', 'tokens'],
  workspace: ['slug', 'region', 'name'],
  policy: ['allowedEmailDomains', 'temporaryDomains', 'minOwners', 'maxRemovals', 'protectedMembers', 'seats', 'unmanaged', 'ignore', 'identityProvider', 'maxDays', 'expiryWarningDays'],
  member: ['email', 'name', 'provisionedBy', 'role', 'profile', 'expires', 'groups', 'justification', 'reviewBy', 'access'],
  group: ['name', 'description', 'profile', 'access'],
  token: ['id', 'description', 'owner', 'expires'],
  entry: ['role', 'sources', 'destinations', 'warehouses', 'spaces', 'functions', 'expires'],
};

export class FormatError extends Error {
  constructor(message: string, readonly line: number, readonly col: number) {
    super(message);
  }
}

/** The kind of the mapping found under `key` in a mapping of kind `parent` (or as an item of its list). */
function childKind(parent: Kind, key: string | undefined): Kind {
  if (parent === 'root') {
    return ({ workspace: 'workspace', policy: 'policy', members: 'member', groups: 'group', tokens: 'token', profiles: 'profiles' } as Record<string, Kind>)[key ?? ''] ?? 'other';
  }
  if ((parent === 'member' || parent === 'group') && key === 'access') return 'entry';
  if (parent === 'profiles') return 'entry';
  return 'other';
}

/** Formats one manifest file. Throws FormatError when the text is not YAML this can safely rewrite. */
export function formatManifest(text: string): string {
  // Plain files (nearly all) are read from js-yaml's events; anything else through a `yaml` Document.
  let root = treeFromEvents(text);
  let data: () => unknown;
  if (root === null) return text; // empty, or comments only
  if (root) {
    const tree = root;
    data = () => quickParse(text)?.data ?? treeData(text, tree);
  } else {
    const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      throw new FormatError(e.message.split('\n')[0]!, e.linePos?.[0].line ?? 1, e.linePos?.[0].col ?? 1);
    }
    root = treeFromDocument(doc, text);
    if (!root) return text;
    data = () => doc.toJS({ maxAliasCount: -1 });
  }
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const end = text.indexOf('\n', offset);
    return end < 0 ? text.length : end;
  };
  const isCollection = (node: TreeNode | null): node is TreeNode => node !== null && (node.kind === 'map' || node.kind === 'seq');

  /**
   * The formatted text of a node's own range. `hoist` holds comment lines that must go above the line
   * the node starts on: those of a key that moves to the front of a mapping written after `- `.
   */
  const renderParts = (node: TreeNode | null, kind: Kind): { hoist: string; body: string } => {
    if (!node) return { hoist: '', body: '' };
    if (node.kind !== 'map' && node.kind !== 'seq') return { hoist: '', body: text.slice(node.start, node.end) };
    if (node.flow) return { hoist: '', body: renderFlow(node, kind) };
    return node.kind === 'map' ? renderBlockMap(node, kind) : { hoist: '', body: renderBlockSeq(node, kind) };
  };
  const render = (node: TreeNode | null, kind: Kind): string => {
    const { hoist, body } = renderParts(node, kind);
    // Only a mapping written after `- ` hoists, and block sequences place it (renderBlockSeq).
    return hoist ? `${hoist}${body}` : body;
  };

  /** Copies [from, to) of the source, replacing the ranges of `children` with their formatted text. */
  const splice = (from: number, to: number, children: Array<{ node: TreeNode | null; kind: Kind }>): string => {
    let out = '';
    let at = from;
    for (const { node, kind } of children) {
      if (!isCollection(node)) continue;
      out += text.slice(at, node.start) + render(node, kind);
      at = node.end;
    }
    return out + text.slice(at, to);
  };

  /** Comment lines re-indented to `col`, the first one without its indentation when the output is already there. */
  const indented = (lines: string, col: number, firstAlreadyIndented: boolean): string =>
    lines.split('\n').slice(0, -1).map((l, i) => `${i === 0 && firstAlreadyIndented ? '' : ' '.repeat(col)}${l.trimStart()}\n`).join('');

  const renderBlockSeq = (seq: TreeNode, kind: Kind): string => {
    let out = '';
    let at = seq.start;
    for (const item of seq.items!) {
      if (!isCollection(item)) continue;
      const { hoist, body } = renderParts(item, kind);
      if (hoist) {
        // The comments go above the item's `- ` line, at the dash's column.
        const dashLine = lineStart(item.start);
        const dashCol = text.slice(dashLine, item.start).search(/\S/);
        if (dashLine >= at) out += text.slice(at, dashLine) + indented(hoist, dashCol, false) + text.slice(dashLine, item.start) + body;
        else out += indented(hoist, dashCol, true) + ' '.repeat(dashCol) + text.slice(at, item.start) + body;
      } else {
        out += text.slice(at, item.start) + body;
      }
      at = item.end;
    }
    return out + text.slice(at, seq.end);
  };

  const renderFlow = (node: TreeNode, kind: Kind): string => {
    const source = text.slice(node.start, node.end);
    // Only a one-line collection without comments, anchors, aliases or tags is respaced; anything
    // else is written by a person on purpose and kept, with its nested collections formatted.
    const plain = !source.includes('\n') && !/[#&*!]/.test(source) && (node.items ?? []).every((item) => item !== null);
    if (node.kind === 'seq') {
      if (!plain) return splice(node.start, node.end, node.items!.map((item) => ({ node: item, kind })));
      return `[${node.items!.map((item) => render(item, kind)).join(', ')}]`;
    }
    const pairs = ordered(node.pairs!, kind);
    if (!plain || pairs.some((p) => p.keyStart < 0)) {
      return splice(node.start, node.end, node.pairs!.map((p) => ({ node: p.value, kind: childKind(kind, p.key) })));
    }
    const parts = pairs.map((p) => {
      const key = text.slice(p.keyStart, p.keyEnd);
      return p.value === null ? key : `${key}: ${render(p.value, childKind(kind, p.key))}`;
    });
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  };

  const renderBlockMap = (map: TreeNode, kind: Kind): { hoist: string; body: string } => {
    const pairs = map.pairs!;
    if (pairs.some((p) => p.keyStart < 0)) return { hoist: '', body: text.slice(map.start, map.end) };
    // Each pair's chunk: the comment lines directly above its key (`lead`), its key, its value and
    // the rest of the value's last line (a trailing comment). Blank lines between chunks stay where
    // they are; a chunk moves with its comments.
    const chunks: Array<{ pair: TreePair; from: number; keyAt: number; to: number }> = [];
    for (const [i, pair] of pairs.entries()) {
      const keyAt = pair.keyStart;
      let from = i === 0 ? keyAt : lineStart(keyAt);
      if (i > 0) {
        for (;;) {
          const previous = lineStart(from - 1);
          if (from === 0 || previous <= chunks[i - 1]!.to) break;
          if (!text.slice(previous, from - 1).trimStart().startsWith('#')) break;
          from = previous;
        }
      }
      const valueEnd = pair.value ? pair.value.end : pair.keyEnd;
      const to = lineEnd(Math.max(valueEnd - 1, keyAt));
      chunks.push({ pair, from, keyAt, to });
    }
    const mapStart = map.start;
    const indent = ' '.repeat(mapStart - lineStart(mapStart));
    const inline = /\S/.test(text.slice(lineStart(mapStart), mapStart));
    const parts = chunks.map((c, i) => ({
      lead: i === 0 ? '' : text.slice(c.from, lineStart(c.keyAt)),
      keyIndent: i === 0 ? indent : text.slice(lineStart(c.keyAt), c.keyAt),
      main: splice(c.keyAt, c.to, [{ node: c.pair.value, kind: childKind(kind, c.pair.key) }]),
    }));
    const order = ordered(pairs, kind);
    const pieces: string[] = [];
    let hoist = '';
    for (const [i, pair] of order.entries()) {
      const part = parts[pairs.indexOf(pair)]!;
      if (i === 0) {
        // The output is already at the key's place: the comments above the key go first.
        if (part.lead && inline) hoist = part.lead;
        else if (part.lead) pieces.push(indented(part.lead, indent.length, true), indent);
        pieces.push(part.main);
      } else {
        pieces.push(part.lead, part.keyIndent, part.main);
      }
      if (i < chunks.length - 1) pieces.push(text.slice(chunks[i]!.to, chunks[i + 1]!.from));
    }
    const last = chunks[chunks.length - 1]!.to;
    return { hoist, body: pieces.join('') + text.slice(last, map.end > last ? map.end : last) };
  };

  const formatted = text.slice(0, root.start) + render(root, 'root') + text.slice(root.end);
  const result = formatted.replace(/\n*$/, '\n');
  if (result !== text) assertSameData(data(), result);
  return result;
}

/** A plain file's data when the quick parse would not take it (it refuses what the tree allows). */
function treeData(text: string, _tree: TreeNode): unknown {
  // (The tree is built from the same text; the exact parse reads it.)
  return parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: -1 });
}

/** The pairs in canonical order for `kind`; unknown keys keep their order, after the known ones. */
function ordered(pairs: readonly TreePair[], kind: Kind): TreePair[] {
  if (kind === 'other' || kind === 'profiles') return [...pairs];
  const order = KEY_ORDER[kind];
  const rank = (p: TreePair) => {
    const i = order.indexOf(p.key ?? '');
    return i < 0 ? order.length : i;
  };
  return pairs.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
}

/** Whether two parsed values are the same data (mapping keys in any order). */
function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

/**
 * A guard on this module itself: the formatted text must read as the same data. It reads the output
 * with the quick parser where it can (plain files, the common case) and exactly with `yaml`
 * otherwise. When it fails the file is left as it is, and the message says what differs.
 */
function assertSameData(before: unknown, after: string): void {
  let data: unknown;
  const quick = quickParse(after);
  if (quick !== undefined) {
    data = quick === null ? null : quick.data;
  } else {
    const doc = parseDocument(after, { uniqueKeys: false });
    if (doc.errors.length) throw new FormatError(`fmt left this file as it is: its layout would not parse (${doc.errors[0]!.message.split('\n')[0]})`, 1, 1);
    try {
      data = doc.toJS({ maxAliasCount: -1 });
    } catch (err) {
      throw new FormatError(`fmt left this file as it is: its layout would not read back (${(err as Error).message.split('\n')[0]})`, 1, 1);
    }
  }
  if (!sameData(before, data)) throw new FormatError('fmt left this file as it is: its layout would read as different data', 1, 1);
}
