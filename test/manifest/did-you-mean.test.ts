// Suggestions for misspelt names: the pruned search must pick exactly what a plain search over every
// candidate picks (nearest, ties to the alphabetically first), and accept it by the same rule.
import { describe, expect, it } from 'vitest';
import { closest, editDistance, suggestion } from '../../src/manifest/did-you-mean.js';

function plainDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) for (let j = 1; j <= t.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
  return d[s.length]![t.length]!;
}
function plainClosest(input: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = plainDistance(input, c);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) { best = c; bestDistance = d; }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  return bestDistance <= limit || (input.length >= 3 && best.toLowerCase().startsWith(input.toLowerCase())) ? best : undefined;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

describe('closest', () => {
  it.each<[string, string[], string | undefined]>([
    ['web-stagng', ['web-prod', 'web-staging', 'ios-prod'], 'web-staging'],
    ['Source Admn', ['Source Admin', 'Source Read-only'], 'Source Admin'],
    ['web', ['web-staging', 'web-prod'], 'web-prod'],
    ['we', ['web-staging'], undefined],
    ['zzzzzz', ['web-prod'], undefined],
    ['abc', ['abd', 'abe'], 'abd'],
    ['x', [], undefined],
  ])('%s among %j is %s', (input, candidates, want) => {
    expect(closest(input, candidates)).toBe(want);
  });

  it('agrees with a plain search on 3,000 random cases', () => {
    const next = random(20261123);
    const word = (n: number) => Array.from({ length: n }, () => 'abcdeE-.'[Math.floor(next() * 8)]).join('');
    for (let k = 0; k < 3000; k++) {
      const candidates = Array.from({ length: 1 + Math.floor(next() * 12) }, () => word(Math.floor(next() * 10)));
      const input = next() < 0.5 ? word(Math.floor(next() * 10)) : `${candidates[0]!}${word(Math.floor(next() * 3))}`;
      expect(closest(input, candidates), JSON.stringify({ input, candidates })).toBe(plainClosest(input, candidates));
    }
  });

  it('agrees with a plain search on long names, at and around 32 characters, and on non-ASCII ones', () => {
    const next = random(7);
    const alphabet = 'abcdefgh-._éßİ€😀';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let k = 0; k < 2000; k++) {
      const length = 28 + Math.floor(next() * 9);
      const candidates = Array.from({ length: 1 + Math.floor(next() * 8) }, () => word(length + Math.floor(next() * 5) - 2));
      const base = candidates[Math.floor(next() * candidates.length)]!;
      const cut = Math.floor(next() * base.length);
      const input = next() < 0.3 ? word(length) : `${base.slice(0, cut)}${word(Math.floor(next() * 3))}${base.slice(cut + 1)}`;
      expect(closest(input, candidates), JSON.stringify({ input, candidates })).toBe(plainClosest(input, candidates));
    }
  });

  it('measures distance ignoring case', () => {
    expect(editDistance('Kitten', 'sitting')).toBe(3);
    expect(editDistance('ABC', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('suggestion', () => {
  it('names the nearest, or what exists', () => {
    expect(suggestion('web-stagng', ['web-staging'], 'source')).toBe('did you mean `web-staging`?');
    expect(suggestion('zzz', [], 'source')).toBe('there are no sources to choose from');
    expect(suggestion('zzzzzzzz', Array.from({ length: 10 }, (_, i) => `s${i}`), 'source')).toBe('known sources: `s0`, `s1`, `s2`, `s3`, `s4`, `s5`, `s6`, `s7`, and 2 more');
  });
});
