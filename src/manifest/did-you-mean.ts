// "Did you mean" suggestions for misspelt keys, roles, sources and other names.
//
// The distance is written here rather than taken from fastest-levenshtein, which implements the same
// bit-parallel algorithm: its API rebuilds the pattern's position masks for every pair, and building
// them once per misspelt name is what keeps 2,000 typos against 2,000 names at about 1.4 s instead of
// 2.2 s (measured whole-process, `npm run bench scale`). test/manifest/did-you-mean.test.ts checks
// it against a plain dynamic-programming distance on 5,000 random cases.

/** Edit distance (Levenshtein), case-insensitive. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a.toLowerCase(), b.toLowerCase(), Infinity);
}

/**
 * Levenshtein distance of two (already lower-cased) strings, or `max + 1` as soon as it is known to
 * exceed `max`: the smallest value of a row never decreases, so once it passes `max` the rest of the
 * table cannot come back under it.
 */
function boundedDistance(s: string, t: string, max: number): number {
  if (Math.abs(s.length - t.length) > max) return max + 1;
  // Two reused rows of the table, on character codes: no allocation per row or per character.
  let previous = rows.a.length > t.length ? rows.a : (rows.a = new Int32Array(t.length + 64));
  let current = rows.b.length > t.length ? rows.b : (rows.b = new Int32Array(t.length + 64));
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const c = s.charCodeAt(i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (c === t.charCodeAt(j - 1) ? 0 : 1));
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[t.length]!;
}

const rows = { a: new Int32Array(64), b: new Int32Array(64) };

/**
 * Exact Levenshtein distance for a pattern of at most 32 characters, by Myers' bit-parallel
 * algorithm in Hyyrö's formulation: one pass over `text`, a handful of 32-bit operations per
 * character, whatever the pattern's length. `peq` gives each character code of the pattern the
 * bit mask of its positions. (Sums may pass 2^31; the bitwise operators wrap them back to 32 bits,
 * which is the arithmetic the algorithm wants.)
 */
function bitParallelDistance(peq: PositionMasks, length: number, text: string): number {
  if (length === 0) return text.length;
  const { ascii, other } = peq;
  const last = 1 << (length - 1);
  let pv = -1;
  let mv = 0;
  let score = length;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? ascii[c]! : (other.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) ^ pv) | eq);
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

/** Each character of a pattern mapped to the bit mask of its positions: a table for ASCII, a map beyond. */
interface PositionMasks {
  ascii: Int32Array;
  other: Map<number, number>;
}

function positionMasks(pattern: string): PositionMasks {
  const masks: PositionMasks = { ascii: new Int32Array(128), other: new Map() };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 128) masks.ascii[c]! |= 1 << i;
    else masks.other.set(c, (masks.other.get(c) ?? 0) | (1 << i));
  }
  return masks;
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo: within a third of
 * the longer length (at least 2 edits), or a case-insensitive prefix of it. Ties go to the
 * alphabetically first candidate.
 *
 * A name of up to 32 characters is compared with each candidate in one bit-parallel pass. For a
 * longer one each candidate first gets a cheap lower bound of its distance (the characters the input
 * has more of than it, or it more of than the input: each needs an edit); candidates are tried in
 * order of that bound, by a table cut to the band that can still beat the best, stopping once the
 * bound passes the best distance found. Measured in `npm run bench scale` (2,000 typos against
 * 2,000 names, up to 100 characters).
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  const index = indexOf(list);
  let best: string | undefined;
  let bestDistance = Infinity;
  const consider = (k: number, distance: number) => {
    const candidate = list[k]!;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  };
  if (lowered.length <= 32) {
    // One bit-parallel pass per candidate is cheaper than any bound.
    const peq = positionMasks(lowered);
    for (let k = 0; k < list.length; k++) {
      const other = index.lower[k]!;
      if (Math.abs(other.length - lowered.length) > bestDistance) continue;
      consider(k, bitParallelDistance(peq, lowered.length, other));
    }
  } else {
    // Candidates by their lower bound (a counting sort: bounds are small), stopping past the best.
    const own = histogram(lowered);
    const buckets = [...new Set(Array.from(lowered, (ch) => ch.charCodeAt(0) & 127))];
    const byBound: number[][] = [];
    for (let k = 0; k < list.length; k++) {
      const counts = index.histograms[k]!;
      let more = 0;
      for (const b of buckets) if (own[b]! > counts[b]!) more += own[b]! - counts[b]!;
      const bound = Math.max(more, more + index.lower[k]!.length - lowered.length);
      (byBound[bound] ??= []).push(k);
    }
    for (let bound = 0; bound < byBound.length && bound <= bestDistance; bound++) {
      for (const k of byBound[bound] ?? []) {
        // At the best distance a candidate can only win a tie, by coming first alphabetically.
        if (bound === bestDistance && best !== undefined && list[k]! >= best) continue;
        consider(k, bandedDistance(lowered, index.lower[k]!, bestDistance));
      }
    }
  }
  if (best === undefined) return undefined;
  const chosen: string = best;
  const limit = Math.max(2, Math.floor(Math.max(input.length, chosen.length) / 3));
  const prefix = input.length >= 3 && chosen.toLowerCase().startsWith(lowered);
  return bestDistance <= limit || prefix ? chosen : undefined;
}

/** How many of each character a name has, by character code modulo 128 (merging keeps it a lower bound). */
function histogram(text: string): Int32Array {
  const counts = new Int32Array(128);
  for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i) & 127]!++;
  return counts;
}

/**
 * Levenshtein distance of two lower-cased strings when it is at most `max`, else `max + 1`: only the
 * cells within `max` of the diagonal can lead to such a distance (Ukkonen's band).
 */
function bandedDistance(s: string, t: string, max: number): number {
  if (!Number.isFinite(max)) return boundedDistance(s, t, Infinity);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  const width = t.length + 1;
  let previous = rows.a.length > width ? rows.a : (rows.a = new Int32Array(width + 64));
  let current = rows.b.length > width ? rows.b : (rows.b = new Int32Array(width + 64));
  const outside = max + 1;
  for (let j = 0; j <= t.length; j++) previous[j] = j <= max ? j : outside;
  for (let i = 1; i <= s.length; i++) {
    const c = s.charCodeAt(i - 1);
    const from = Math.max(1, i - max);
    const to = Math.min(t.length, i + max);
    current[from - 1] = from === 1 ? (i <= max ? i : outside) : outside;
    let rowMin = current[from - 1]!;
    for (let j = from; j <= to; j++) {
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (c === t.charCodeAt(j - 1) ? 0 : 1));
      current[j] = v > outside ? outside : v;
      if (v < rowMin) rowMin = v;
    }
    if (to < t.length) current[to + 1] = outside;
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[t.length]!, outside);
}

/** Per candidate list: the lower-cased names, and (made when first needed) their histograms. */
const indexCache = new WeakMap<readonly string[], { lower: string[]; histograms: Int32Array[] }>();
function indexOf(list: readonly string[]): { lower: string[]; histograms: Int32Array[] } {
  let index = indexCache.get(list);
  if (!index || index.lower.length !== list.length) {
    const lower = list.map((c) => c.toLowerCase());
    let histograms: Int32Array[] | undefined;
    index = { lower, get histograms() { return (histograms ??= lower.map(histogram)); } };
    indexCache.set(list, index);
  }
  return index;
}

/** A hint sentence: "did you mean `x`?" or a list of what exists. */
export function suggestion(input: string, candidates: readonly string[], noun: string): string {
  const match = closest(input, candidates);
  if (match) return `did you mean \`${match}\`?`;
  if (candidates.length === 0) return `there are no ${noun}s to choose from`;
  const shown = [...candidates].sort().slice(0, 8).map((c) => `\`${c}\``).join(', ');
  return `known ${noun}s: ${shown}${candidates.length > 8 ? `, and ${candidates.length - 8} more` : ''}`;
}
