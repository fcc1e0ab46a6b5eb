// The formatter: canonical key order and flow spacing, with every comment and blank line kept, and
// never a change to what a file says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatManifest, FormatError, KEY_ORDER } from '../../src/manifest/fmt.js';

const examples = ['examples/acme', ...readdirSync('examples/invalid').map((d) => `examples/invalid/${d}`)]
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)));

describe('formatManifest', () => {
  it.each(examples)('%s is already formatted', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(formatManifest(text)).toBe(text);
  });

  it.each<[string, string, string]>([
    [
      'member keys in canonical order, a trailing comment and the comment above a key moving with it',
      'version: 1\nmembers:\n  - role: Workspace Owner   # on call\n    # why they have it\n    justification: lead\n    email: a@acme.com\n',
      'version: 1\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner   # on call\n    # why they have it\n    justification: lead\n',
    ],
    [
      'sections of the file in order, blank lines between them kept where they were',
      '# header\nmembers:\n  - email: a@acme.com\n\ngroups:\n  - name: eng\n\nversion: 1\n',
      '# header\nversion: 1\n\ngroups:\n  - name: eng\n\nmembers:\n  - email: a@acme.com\n',
    ],
    [
      'a one-line entry reordered and respaced, nested lists too',
      'version: 1\nmembers:\n  - email: a@acme.com\n    access:\n      - {sources:[ web ,app ],role: Source Admin}\n',
      'version: 1\nmembers:\n  - email: a@acme.com\n    access:\n      - { role: Source Admin, sources: [web, app] }\n',
    ],
    [
      'a block entry under a group and under a profile',
      'version: 1\nprofiles:\n  ro:\n    - expires: 2027-01-01\n      role: Source Read-only\ngroups:\n  - access:\n      - sources: all\n        role: Source Admin\n    name: eng\n',
      'version: 1\nprofiles:\n  ro:\n    - role: Source Read-only\n      expires: 2027-01-01\ngroups:\n  - name: eng\n    access:\n      - role: Source Admin\n        sources: all\n',
    ],
    [
      'a block scalar moves whole',
      'version: 1\nmembers:\n  - justification: |\n      two lines\n      of reasons\n    email: a@acme.com\n',
      'version: 1\nmembers:\n  - email: a@acme.com\n    justification: |\n      two lines\n      of reasons\n',
    ],
    [
      'unknown keys stay after the known ones, in their order',
      'version: 1\nmembers:\n  - zz: 1\n    email: a@acme.com\n    expirs: 2027-01-01\n    name: A\n',
      'version: 1\nmembers:\n  - email: a@acme.com\n    name: A\n    zz: 1\n    expirs: 2027-01-01\n',
    ],
    [
      'quotes, label selectors and maxDays keep their own order and style',
      'version: 1\npolicy:\n  maxDays:\n    "Source Admin": 30\n    Warehouse Destination Admin: 7\n  minOwners: 2\nworkspace: { slug: "acme" }\n',
      'version: 1\nworkspace: { slug: "acme" }\npolicy:\n  minOwners: 2\n  maxDays:\n    "Source Admin": 30\n    Warehouse Destination Admin: 7\n',
    ],
    [
      'a flow list with a comment inside is left as written',
      'version: 1\nmembers:\n  - email: a@acme.com\n    groups: [\n      eng, # platform\n      ops ]\n',
      'version: 1\nmembers:\n  - email: a@acme.com\n    groups: [\n      eng, # platform\n      ops ]\n',
    ],
    [
      'the comments above a key that moves to the front of a list item go above the item, however indented',
      'version: 1\nmembers:\n  - name: Mallory\n  #   email: mallory@acme.com\n    # the real one\n    email: m@acme.com\n',
      'version: 1\nmembers:\n  #   email: mallory@acme.com\n  # the real one\n  - email: m@acme.com\n    name: Mallory\n',
    ],
    [
      'the comments above a key that moves to the front of the first list item, too',
      'version: 1\nmembers:\n  - role: Source Admin\n    # why\n    email: a@acme.com\n  - email: b@acme.com\n',
      'version: 1\nmembers:\n  # why\n  - email: a@acme.com\n    role: Source Admin\n  - email: b@acme.com\n',
    ],
    [
      'the comments above a key that moves to the front of a mapping on its own line stay above it',
      '# header\nmembers: []\n  # the version\nversion: 1\n',
      '# header\n# the version\nversion: 1\nmembers: []\n',
    ],
    [
      'anchors, aliases and tags in one-line flow maps are kept as written',
      'version: 1\nprofiles:\n  ro: [{ sources: all, role: &ro Source Read-only }]\nmembers:\n  - { email: a@acme.com, role: *ro }\n  - { email: !!str b@acme.com, role: Source Admin }\n',
      'version: 1\nprofiles:\n  ro: [{ sources: all, role: &ro Source Read-only }]\nmembers:\n  - { email: a@acme.com, role: *ro }\n  - { email: !!str b@acme.com, role: Source Admin }\n',
    ],
    ['a missing final newline is added, extra ones removed', 'version: 1\n\n\n', 'version: 1\n'],
    ['an empty file stays empty', '', ''],
    ['a file of comments only stays as it is', '# nothing yet\n', '# nothing yet\n'],
  ])('%s', (_title, input, want) => {
    expect(formatManifest(input)).toBe(want);
    expect(formatManifest(want)).toBe(want);
  });

  it('refuses text that is not YAML, with where', () => {
    expect(() => formatManifest('version: 1\nmembers:\n  - email: [a\n')).toThrow(FormatError);
    try {
      formatManifest('version: 1\nmembers: : :\n');
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).line).toBe(2);
    }
  });

  // Property: any order of the keys of the examples formats back to canonical order, with the same
  // data, and formatting twice changes nothing more.
  it('restores canonical order from 60 shuffles of the examples', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const files = examples.filter((f) => f.startsWith('examples/acme')).map((f) => readFileSync(f, 'utf8'));
    for (let round = 0; round < 60; round++) {
      const doc = parseDocument(files[round % files.length]!);
      const shuffle = (node: unknown) => {
        if (isMap(node)) {
          node.items.sort(() => random() - 0.5);
          for (const p of node.items) shuffle(p.value);
        } else if (isSeq(node)) for (const item of node.items) shuffle(item);
      };
      shuffle(doc.contents);
      const shuffled = doc.toString();
      const once = formatManifest(shuffled);
      expect(formatManifest(once)).toBe(once);
      expect(parseDocument(once).toJS()).toEqual(parseDocument(shuffled).toJS());
      const orderOk = (node: unknown, order: readonly string[] | undefined): void => {
        if (!isMap(node)) return;
        const keys = node.items.map((p) => String((p.key as Node & { value: unknown }).value));
        if (order) expect(keys).toEqual([...keys].sort((a, b) => rank(order, a) - rank(order, b)));
      };
      const root = parseDocument(once).contents;
      orderOk(root, KEY_ORDER.root);
      for (const [key, kind] of [['members', 'member'], ['groups', 'group'], ['tokens', 'token']] as const) {
        const list = isMap(root) ? root.get(key, true) : undefined;
        if (isSeq(list)) {
          for (const item of list.items) {
            orderOk(item, KEY_ORDER[kind]);
            const access = isMap(item) ? item.get('access', true) : undefined;
            if (isSeq(access)) for (const entry of access.items) orderOk(entry, KEY_ORDER.entry);
          }
        }
      }
    }
  });
});

function rank(order: readonly string[], key: string) {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}
