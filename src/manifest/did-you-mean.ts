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
 * alphabetically first candidate. A name of up to 32 characters (nearly all) is compared to each
 * candidate in one bit-parallel pass; longer ones use a table cut short once it cannot beat the best
 * so far. Either way 2,000 typos against 2,000 names take well under a second.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  const peq = lowered.length <= 32 ? positionMasks(lowered) : undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  const lowerList = lowerCased(list);
  for (let k = 0; k < list.length; k++) {
    const candidate = list[k]!;
    const other = lowerList[k]!;
    // A candidate at the best distance can still win a tie, so the bound is the best itself.
    if (Math.abs(other.length - lowered.length) > bestDistance) continue;
    const distance = peq ? bitParallelDistance(peq, lowered.length, other) : boundedDistance(lowered, other, bestDistance);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  const prefix = input.length >= 3 && best.toLowerCase().startsWith(lowered);
  return bestDistance <= limit || prefix ? best : undefined;
}

/** The lower-cased candidates, kept per list: a manifest with many typos asks about the same list. */
const lowerCache = new WeakMap<readonly string[], readonly string[]>();
function lowerCased(list: readonly string[]): readonly string[] {
  let lower = lowerCache.get(list);
  if (!lower || lower.length !== list.length) lowerCache.set(list, (lower = list.map((c) => c.toLowerCase())));
  return lower;
}

/** A hint sentence: "did you mean `x`?" or a list of what exists. */
export function suggestion(input: string, candidates: readonly string[], noun: string): string {
  const match = closest(input, candidates);
  if (match) return `did you mean \`${match}\`?`;
  if (candidates.length === 0) return `there are no ${noun}s to choose from`;
  const shown = [...candidates].sort().slice(0, 8).map((c) => `\`${c}\``).join(', ');
  return `known ${noun}s: ${shown}${candidates.length > 8 ? `, and ${candidates.length - 8} more` : ''}`;
}
