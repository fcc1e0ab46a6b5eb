// "Did you mean" suggestions for misspelt keys, roles, sources and other names.
import { distance } from 'fastest-levenshtein';

/** Edit distance (Levenshtein), case-insensitive. */
export function editDistance(a: string, b: string): number {
  return distance(a.toLowerCase(), b.toLowerCase());
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo: within a third of
 * the longer length (at least 2 edits), or a case-insensitive prefix of it. Ties go to the
 * alphabetically first candidate. The distance is fastest-levenshtein's (Myers' bit-parallel
 * algorithm: one pass per 32 characters), and candidates whose length alone puts them further than
 * the best so far are skipped, so 2,000 typos against 2,000 names take about a second.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  const lowerList = lowerCased(list);
  for (let k = 0; k < list.length; k++) {
    const candidate = list[k]!;
    const other = lowerList[k]!;
    // A candidate at the best distance can still win a tie, so the bound is the best itself.
    if (Math.abs(other.length - lowered.length) > bestDistance) continue;
    const d = distance(lowered, other);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
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
