// "Did you mean" suggestions for misspelt keys, roles, sources and other names.

/** Edit distance (Levenshtein), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo: within a third of
 * the longer length (at least 2 edits), or a case-insensitive prefix of it.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  const prefix = input.length >= 3 && best.toLowerCase().startsWith(input.toLowerCase());
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
