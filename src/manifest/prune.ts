// Keeps git true: expired members, grants and tokens are removed from the manifests themselves. The
// lines of what expired are cut out of the text, so every comment, the order and the layout of what
// stays are exactly as written (a list written inline, `[...]`, is the exception: it is rewritten
// through the yaml Document API, which keeps its comments). Pure: text in, text out.
import { isMap, isScalar, isSeq, parseDocument, visit, LineCounter, type Document, type Node, type Pair, type YAMLSeq } from 'yaml';
import { isExpired } from './dates.js';
import { formatManifest, FormatError } from './fmt.js';
import type { ManifestFile } from './load.js';

export interface Removal {
  file: string;
  line: number;
  what: string;
}

export interface PrunedFile {
  file: ManifestFile;
  text: string;
  removals: Removal[];
  /** Why the file cannot be pruned as it is (then `text` is the file unchanged). */
  refused?: string;
}

function expiresOf(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const value = node.get('expires', true);
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

function textOf(node: unknown, key: string): string {
  if (!isMap(node)) return '';
  const value = node.get(key, true);
  return isScalar(value) ? String(value.value) : '';
}

interface Cut {
  /** 1-based first and last line to delete. */
  from: number;
  to: number;
}

/** Prunes one file; `undefined` when nothing in it has expired. */
export function pruneFile(file: ManifestFile, at: Date): PrunedFile | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: counter });
  const line = (offset: number) => counter.linePos(offset).line;
  const removals: Removal[] = [];
  const cuts: Cut[] = [];
  const goneNodes: Node[] = [];
  let inline = false;
  const root = doc.contents;
  if (!isMap(root)) return undefined;

  /** Marks the expired items of `seq` for removal; `parent` is the pair holding the seq, removed when it empties. */
  const prune = (seq: YAMLSeq, parent: Pair | undefined, expired: (item: unknown) => string | undefined) => {
    const gone = seq.items.filter((item) => expired(item) !== undefined);
    if (!gone.length) return;
    for (const item of gone) removals.push({ file: file.path, line: line((item as Node).range![0]), what: expired(item)! });
    goneNodes.push(...(gone as Node[]));
    if (seq.flow) {
      inline = true;
      seq.items = seq.items.filter((item) => !gone.includes(item));
      if (!seq.items.length && parent) (parent as { delete?: boolean }).delete = true;
      return;
    }
    if (gone.length === seq.items.length && parent && (parent.key as Node).range) {
      cuts.push({ from: line((parent.key as Node).range![0]), to: line((seq.range![1]) - 1) });
      return;
    }
    for (const item of gone) cuts.push({ from: line((item as Node).range![0]), to: line((item as Node).range![1] - 1) });
  };
  const pairOf = (map: unknown, key: string) => (isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined);

  const members = root.get('members', true);
  if (isSeq(members)) {
    prune(members, undefined, (m) => {
      const expires = expiresOf(m);
      return expires && isExpired(expires, at) ? `member ${textOf(m, 'email')} (expired ${expires})` : undefined;
    });
    for (const m of members.items) {
      if (expiresOf(m) && isExpired(expiresOf(m), at)) continue;
      const pair = pairOf(m, 'access');
      if (pair && isSeq(pair.value)) prune(pair.value, pair, accessExpired(`for ${textOf(m, 'email')}`, at));
    }
  }
  const groups = root.get('groups', true);
  if (isSeq(groups)) {
    for (const g of groups.items) {
      const pair = pairOf(g, 'access');
      if (pair && isSeq(pair.value)) prune(pair.value, pair, accessExpired(`for group ${textOf(g, 'name')}`, at));
    }
  }
  const tokens = root.get('tokens', true);
  if (isSeq(tokens)) {
    prune(tokens, undefined, (t) => {
      const expires = expiresOf(t);
      return expires && isExpired(expires, at) ? `token ${textOf(t, 'id')} (expired ${expires}; revoke it in Segment if it still exists)` : undefined;
    });
  }
  if (removals.length === 0) return undefined;
  const anchored = sharedAnchor(doc, goneNodes, line);
  if (anchored) return { file, text: file.text, removals, refused: anchored };
  if (inline) {
    for (const m of [...(isSeq(members) ? members.items : []), ...(isSeq(groups) ? groups.items : [])]) {
      const pair = pairOf(m, 'access') as (Pair & { delete?: boolean }) | undefined;
      if (pair?.delete && isMap(m)) m.delete('access');
    }
    // Re-printed through the Document API; the formatter gives it back the layout `fmt` expects.
    try {
      return { file, text: formatManifest(doc.toString({ flowCollectionPadding: true })), removals };
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      return { file, text: file.text, removals, refused: err.message };
    }
  }
  const lines = file.text.split('\n');
  const drop = new Set<number>();
  for (const cut of cuts) {
    // The comment lines directly above an entry go with it, when they are indented as far as it is.
    const column = (n: number) => lines[n - 1]!.search(/\S/);
    const own = column(cut.from);
    let from = cut.from;
    while (from > 1 && /^\s*#/.test(lines[from - 2]!) && column(from - 1) >= own) from--;
    for (let n = from; n <= cut.to; n++) drop.add(n);
  }
  const text = lines.filter((_, i) => !drop.has(i + 1)).join('\n');
  const check = parseDocument(text);
  if (check.errors.length) return { file, text: file.text, removals, refused: `the file would not parse once pruned (${check.errors[0]!.message.split('\n')[0]})` };
  return { file, text, removals };
}

/**
 * Why an expired entry cannot simply be cut: it defines an anchor (`&name`) that an entry staying
 * in the file uses (`*name`). Resolving it would mean writing the shared value out in the entry that
 * stays; that is a change of meaning for a person to make, so prune refuses and says where.
 */
function sharedAnchor(doc: Document, gone: readonly Node[], line: (offset: number) => number): string | undefined {
  const inside = (node: Node) => gone.some((g) => node.range![0] >= g.range![0] && node.range![1] <= g.range![1]);
  const defined = new Map<string, Node>();
  for (const g of gone) visit(g, (_key, node) => { if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) defined.set(node.anchor, g); });
  if (defined.size === 0) return undefined;
  let found: string | undefined;
  visit(doc, {
    Alias(_key, alias) {
      const owner = defined.get(alias.source);
      if (owner && alias.range && !inside(alias)) {
        found = `an expired entry at line ${line(owner.range![0])} defines the anchor &${alias.source}, which line ${line(alias.range[0])} uses (*${alias.source}); write that value out in full there, then prune again`;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function accessExpired(owner: string, at: Date): (entry: unknown) => string | undefined {
  return (entry) => {
    const expires = expiresOf(entry);
    return expires && isExpired(expires, at) ? `${textOf(entry, 'role')} ${owner} (expired ${expires})` : undefined;
  };
}
