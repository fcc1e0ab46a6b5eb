// The quick parse (js-yaml events) must give exactly what the exact parse (`yaml`) gives: the same
// data and the same position for every key and value, and it must decline anything the exact parse
// would reject. Checked on the examples, on hand-written edge cases, and on random damage.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lineIndex, linePosOf, locate, positionsOfDocument, type JsonPath, type PositionedDocument } from '../../src/manifest/positions.js';
import { quickParse } from '../../src/manifest/quick-parse.js';

const examples = ['examples/acme', ...readdirSync('examples/invalid').map((d) => `examples/invalid/${d}`)]
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)));

function exact(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length) return undefined;
  return { data: doc.toJS({ maxAliasCount: 100 }) as unknown, file: { path: 'f', root: positionsOfDocument(doc), linePos: linePosOf(lineCounter) } as PositionedDocument };
}

/** Every path into `data`, for position look-ups. */
function paths(data: unknown, prefix: JsonPath = []): JsonPath[] {
  if (Array.isArray(data)) return [prefix, ...data.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (data && typeof data === 'object') return [prefix, ...Object.entries(data).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

/** The quick parse agrees with the exact one, or declines. Returns whether it took the text. */
function agrees(text: string): boolean {
  const quick = quickParse(text);
  if (quick === undefined) return false;
  const reference = exact(text);
  expect(reference, `the exact parse rejects what the quick parse took:\n${text}`).toBeDefined();
  if (quick === null) {
    expect(reference!.data ?? null).toBeNull();
    return true;
  }
  expect(quick.data).toEqual(reference!.data);
  const file: PositionedDocument = { path: 'f', root: quick.root, linePos: lineIndex(text) };
  for (const p of [...paths(quick.data), ['missing'], ['members', 999]]) {
    for (const target of ['key', 'value'] as const) {
      expect(locate(file, p, target), `${JSON.stringify(p)} (${target})`).toEqual(locate(reference!.file, p, target));
    }
  }
  return true;
}

describe('quickParse', () => {
  it.each(examples)('agrees with the exact parse on %s', (file) => {
    expect(agrees(readFileSync(file, 'utf8'))).toBe(true);
  });

  it.each<[string, string, boolean]>([
    ['quoted keys and values', `"version": 1\n'members':\n  - { "email": 'a@x.io', name: "A \\"B\\"" }\n`, true],
    ['empty values, with and without a comment', 'version: 1\nworkspace:\n  slug:\n  name:    # later\npolicy:\n', true],
    ['numbers and booleans as keys', 'version: 1\npolicy:\n  maxDays:\n    1: 2\n    0x10: 3\n    true: 4\n    1e3: 6\n    .inf: 7\n    -0: 8\n', true],
    ['a null key (the two parsers name it differently)', 'version: 1\npolicy:\n  maxDays:\n    ~: 5\n', false],
    ['nested flow collections', 'version: 1\nmembers: [{ email: a@x.io, access: [{ role: R, sources: { labels: { a: b } } }] }]\n', true],
    ['CRLF line ends', 'version: 1\r\nmembers:\r\n  - email: a@x.io\r\n    name: A\r\n', true],
    ['only comments', '# nothing yet\n', true],
    ['an explicit document start and end', '---\nversion: 1\n...\n', true],
    ['unicode', 'version: 1\nmembers:\n  - email: zoë@x.io\n    name: "Zoë 😀"\n', true],
    ['scalars of every core-schema type', 'version: 1\nvalues: [~, null, Null, NULL, true, True, FALSE, 0x1F, 0o17, 017, +5, -3, -0, 1.5, .5, 1., 1e3, -2E-2, .inf, -.Inf, .NaN, "1", \'true\', 1_000, 0b1, 2001-01-01, yes, on, nan, .5.5, 12abc, ~x]\nempty: { a: [], b: {}, c: }\n', true],
    ['plain scalars over several lines', 'version: 1\nmembers:\n  - name: a long\n      name\n    email: a@x.io\n', true],
    ['keys named like Object.prototype members', 'version: 1\npolicy:\n  toString: 1\n  constructor: 2\n  hasOwnProperty: 3\n', true],
    ['a __proto__ key', 'version: 1\npolicy:\n  __proto__: { x: 1 }\n', false],
    ['a merge key', 'version: 1\npolicy:\n  <<: { x: 1 }\n', false],
    ['a duplicate key', 'version: 1\nversion: 2\n', false],
    ['a duplicate key inside a flow mapping', 'version: 1\nmembers: [{ email: a@x.io, email: b@x.io }]\n', false],
    ['an anchor and alias', 'version: 1\nprofiles:\n  a: &x [{ role: R }]\n  b: *x\n', false],
    ['a tag', 'version: !!int 1\n', false],
    ['a block scalar', 'version: 1\nmembers:\n  - email: a@x.io\n    justification: |\n      two\n      lines\n', false],
    ['a list at the root', '- a\n- b\n', false],
    ['two documents', 'version: 1\n---\nversion: 1\n', false],
    ['a directive', '%YAML 1.2\n---\nversion: 1\n', false],
    ['a byte-order mark', '\uFEFFversion: 1\n', false],
    ['a lone carriage return', 'version: 1\rmembers: []\n', false],
    ['a syntax error', 'version: 1\nmembers: [a\n', false],
    ['a tab as indentation', 'version: 1\nmembers:\n\t- email: a@x.io\n', false],
  ])('%s', (_title, text, taken) => {
    expect(agrees(text)).toBe(taken);
  });

  it('never takes what the exact parse rejects, over 3,000 random edits of the examples', () => {
    let seed = 20261123;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const texts = examples.map((f) => readFileSync(f, 'utf8'));
    const pieces = [':', ' ', '  ', '-', '- ', '\n', '\t', '"', "'", '{', '}', '[', ']', ',', '#', '&a ', '*a', '!', '|', '>', '? ', 'x: y', '\n  ', '%', '@', '`'];
    let taken = 0;
    for (let k = 0; k < 3000; k++) {
      let text = texts[k % texts.length]!;
      for (let e = 0; e < 1 + Math.floor(next() * 3); e++) {
        const at = Math.floor(next() * text.length);
        const cut = next() < 0.4 ? Math.floor(next() * 4) : 0;
        text = text.slice(0, at) + (next() < 0.8 ? pieces[Math.floor(next() * pieces.length)] : '') + text.slice(at + cut);
      }
      if (agrees(text)) taken++;
    }
    // Most damaged files still parse; the quick parse takes them, and agreed on each.
    expect(taken).toBeGreaterThan(1000);
  });
});
