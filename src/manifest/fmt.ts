// `fmt`: one canonical layout for manifest files, so that a diff shows what changed and not who
// wrote it. It works on the source text, not by re-printing the YAML: the keys of each known
// mapping are put in a fixed order by moving their lines whole (with the comment lines directly
// above a key, and its trailing comment), and a one-line flow collection is respaced
// (`{ role: Source Admin, sources: [web, app] }`). Every comment, blank line, quote style and
// indentation is kept as written. Pure: text in, text out.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

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

const keyOf = (pair: Pair): string | undefined => (isScalar(pair.key) ? String(pair.key.value) : undefined);

/** Formats one manifest file. Throws FormatError when the text is not YAML this can safely rewrite. */
export function formatManifest(text: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new FormatError(e.message.split('\n')[0]!, e.linePos?.[0].line ?? 1, e.linePos?.[0].col ?? 1);
  }
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const end = text.indexOf('\n', offset);
    return end < 0 ? text.length : end;
  };
  const start = (node: Node) => node.range![0];
  // A block collection's range runs past its last line's newline; the text between nodes is copied
  // as it is, so a node here ends where its content does.
  const end = (node: Node) => {
    let e = node.range![1];
    if ((isMap(node) || isSeq(node)) && !node.flow) while (e > node.range![0] && /\s/.test(text[e - 1]!)) e--;
    return e;
  };

  /** The formatted text of a node's own range. */
  const render = (node: unknown, kind: Kind): string => {
    if (!node || isScalar(node) || !(isMap(node) || isSeq(node))) return node && (node as Node).range ? text.slice(start(node as Node), end(node as Node)) : '';
    if (node.flow) return renderFlow(node, kind);
    return isMap(node) ? renderBlockMap(node, kind) : renderBlockSeq(node, kind);
  };

  /** Copies [from, to) of the source, replacing the ranges of `children` with their formatted text. */
  const splice = (from: number, to: number, children: Array<{ node: unknown; kind: Kind }>): string => {
    let out = '';
    let at = from;
    for (const { node, kind } of children) {
      if (!node || !(isMap(node) || isSeq(node)) || !(node as Node).range) continue;
      out += text.slice(at, start(node as Node)) + render(node, kind);
      at = end(node as Node);
    }
    return out + text.slice(at, to);
  };

  const renderBlockSeq = (seq: YAMLSeq, kind: Kind): string =>
    splice(start(seq), end(seq), seq.items.map((item) => ({ node: item, kind })));

  const renderFlow = (node: YAMLMap | YAMLSeq, kind: Kind): string => {
    const source = text.slice(start(node), end(node));
    // Only a one-line collection without comments is respaced; anything else is written by a person
    // on purpose and kept, with its nested collections formatted.
    const plain = !source.includes('\n') && !source.includes('#') && node.items.every((item) => !isPair(item) || item.value === null || (item.value as Node).range);
    if (isSeq(node)) {
      if (!plain) return splice(start(node), end(node), node.items.map((item) => ({ node: item, kind })));
      return `[${node.items.map((item) => render(item, kind)).join(', ')}]`;
    }
    const pairs = ordered(node.items, kind);
    if (!plain || pairs.some((p) => !(p.key as Node)?.range)) {
      return splice(start(node), end(node), node.items.map((p) => ({ node: p.value, kind: childKind(kind, keyOf(p)) })));
    }
    const parts = pairs.map((p) => {
      const key = text.slice(start(p.key as Node), end(p.key as Node));
      return p.value === null ? key : `${key}: ${render(p.value, childKind(kind, keyOf(p)))}`;
    });
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  };

  const renderBlockMap = (map: YAMLMap, kind: Kind): string => {
    const pairs = map.items;
    if (pairs.some((p) => !(p.key as Node)?.range)) return text.slice(start(map), end(map));
    // Each pair's chunk: the comment lines directly above its key, its key, its value and the rest
    // of the value's last line (a trailing comment). Blank lines between chunks stay where they are.
    const chunks: Array<{ pair: Pair; from: number; to: number }> = [];
    for (const [i, pair] of pairs.entries()) {
      const keyAt = start(pair.key as Node);
      let from = i === 0 ? keyAt : lineStart(keyAt);
      if (i > 0) {
        for (;;) {
          const previous = lineStart(from - 1);
          if (from === 0 || previous <= chunks[i - 1]!.to) break;
          if (!text.slice(previous, from - 1).trimStart().startsWith('#')) break;
          from = previous;
        }
      }
      const valueEnd = pair.value && (pair.value as Node).range ? end(pair.value as Node) : end(pair.key as Node);
      const to = lineEnd(Math.max(valueEnd - 1, keyAt));
      chunks.push({ pair, from, to });
    }
    const indent = ' '.repeat(start(pairs[0]!.key as Node) - lineStart(start(pairs[0]!.key as Node)));
    const body = chunks.map((c, i) => {
      const inner = splice(c.from, c.to, [{ node: c.pair.value, kind: childKind(kind, keyOf(c.pair)) }]);
      return i === 0 ? indent + inner : inner;
    });
    const order = ordered(pairs, kind);
    const pieces: string[] = [];
    for (const [i, pair] of order.entries()) {
      const chunk = body[pairs.indexOf(pair)]!;
      pieces.push(i === 0 ? chunk.slice(indent.length) : chunk);
      if (i < chunks.length - 1) pieces.push(text.slice(chunks[i]!.to, chunks[i + 1]!.from));
    }
    return pieces.join('') + text.slice(chunks[chunks.length - 1]!.to, end(map) > chunks[chunks.length - 1]!.to ? end(map) : chunks[chunks.length - 1]!.to);
  };

  const root = doc.contents;
  if (!root || !(root as Node).range) return text;
  const formatted = text.slice(0, start(root as Node)) + render(root, 'root') + text.slice(end(root as Node));
  const result = formatted.replace(/\n*$/, '\n');
  assertSameData(text, result);
  return result;
}

/** The pairs in canonical order for `kind`; unknown keys keep their order, after the known ones. */
function ordered<T extends Pair>(pairs: readonly T[], kind: Kind): T[] {
  if (kind === 'other' || kind === 'profiles') return [...pairs];
  const order = KEY_ORDER[kind];
  const rank = (p: Pair) => {
    const i = order.indexOf(keyOf(p) ?? '');
    return i < 0 ? order.length : i;
  };
  return pairs.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
}

/** A guard on this module itself: formatting must never change what the file says. */
function assertSameData(before: string, after: string): void {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
    }
    return value;
  };
  const read = (t: string) => JSON.stringify(canonical(parseDocument(t, { uniqueKeys: false }).toJS({ maxAliasCount: -1 })));
  const afterDoc = parseDocument(after, { uniqueKeys: false });
  if (afterDoc.errors.length || read(before) !== read(after)) {
    throw new FormatError('formatting would change what this file says; it was left as it is (please report this)', 1, 1);
  }
}
