import { describe, expect, it } from 'vitest';
import { canonicalGrants, grantKey, grantsFromApi, sameGrants, type Grant } from '../../src/workspace/model.js';

const grant = (roleId: string, resourceId = 'ws', labels: string[] = [], type: Grant['type'] = 'WORKSPACE'): Grant => ({ roleId, type, resourceId, labels });

/** Lists of grants from a fixed-seed generator, so a failure is the same on every run. */
function* randomGrantLists(count: number): Generator<Array<Grant & { n: number }>> {
  let seed = 7;
  const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  for (let i = 0; i < count; i++) {
    const length = next(7);
    yield Array.from({ length }, (_, n) => ({ ...grant(`r${next(3)}`, `s${next(3)}`, next(2) ? [`env=${['prod', 'dev'][next(2)]}`] : []), n }));
  }
}

describe('canonical grants', () => {
  it('sorts by key and keeps the first of each key', () => {
    const first = { ...grant('b'), n: 1 };
    const again = { ...grant('b'), n: 2 };
    const a = { ...grant('a', 'ws', ['env=prod']), n: 3 };
    expect(canonicalGrants([first, a, again])).toEqual([a, first]);
    expect(canonicalGrants([first, a, again])[1]).toBe(first);
  });

  it('returns a new array, also for none or one', () => {
    const one = [grant('a')];
    expect(canonicalGrants(one)).not.toBe(one);
    expect(canonicalGrants(one)).toEqual(one);
    expect(canonicalGrants([])).toEqual([]);
  });

  it('agrees with sorting unique keys, over 500 random lists', () => {
    for (const list of randomGrantLists(500)) {
      const firstOfKey = new Map<string, Grant & { n: number }>();
      for (const g of list) if (!firstOfKey.has(grantKey(g))) firstOfKey.set(grantKey(g), g);
      const expected = [...firstOfKey.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).map((k) => firstOfKey.get(k)!.n);
      expect(canonicalGrants(list).map((g) => g.n)).toEqual(expected);
    }
  });
});

describe('same grants', () => {
  it('ignores order, not repeats or differences', () => {
    expect(sameGrants([grant('a'), grant('b')], [grant('b'), grant('a')])).toBe(true);
    expect(sameGrants([grant('a'), grant('a')], [grant('a'), grant('b')])).toBe(false);
    expect(sameGrants([grant('a')], [grant('a', 'ws', ['env=prod'])])).toBe(false);
    expect(sameGrants([grant('a')], [grant('a')])).toBe(true);
    expect(sameGrants([grant('a')], [])).toBe(false);
    expect(sameGrants([], [])).toBe(true);
  });
});

describe('grants from the API', () => {
  it('gives a fresh, empty label list to a grant without labels, and sorted unique labels otherwise', () => {
    const grants = grantsFromApi([
      { roleId: 'r', resources: [{ id: 'ws', type: 'WORKSPACE' }, { id: 'src', type: 'SOURCE' }] },
      { roleId: 'q', resources: [{ id: 'ws', type: 'WORKSPACE', labels: [{ key: 'k', value: '2' }, { key: 'k', value: '1' }, { key: 'k', value: '2' }] }] },
    ]);
    expect(grants).toEqual([grant('q', 'ws', ['k=1', 'k=2']), grant('r', 'src', [], 'SOURCE'), grant('r', 'ws')]);
    expect(grants[1]!.labels).not.toBe(grants[2]!.labels);
  });
});
