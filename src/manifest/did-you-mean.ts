// "Did you mean" suggestions for misspelt keys, roles, sources and other names.

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
 * The candidate closest to `input`, if it is close enough to be a plausible typo: within a third of
 * the longer length (at least 2 edits), or a case-insensitive prefix of it. Ties go to the
 * alphabetically first candidate. Candidates that cannot beat the best so far are cut short, so a
 * manifest with thousands of typos against thousands of names stays fast.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // A candidate at the best distance can still win a tie, so the bound is the best itself.
    const distance = boundedDistance(lowered, candidate.toLowerCase(), bestDistance);
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

/** A hint sentence: "did you mean `x`?" or a list of what exists. */
export function suggestion(input: string, candidates: readonly string[], noun: string): string {
  const match = closest(input, candidates);
  if (match) return `did you mean \`${match}\`?`;
  if (candidates.length === 0) return `there are no ${noun}s to choose from`;
  const shown = [...candidates].sort().slice(0, 8).map((c) => `\`${c}\``).join(', ');
  return `known ${noun}s: ${shown}${candidates.length > 8 ? `, and ${candidates.length - 8} more` : ''}`;
}
