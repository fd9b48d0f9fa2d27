/** Levenshtein distance: the number of one-character inserts, deletes and substitutions. */
export function editDistance(a: string, b: string): number {
  // One row at a time: these words are short, and a full matrix would only waste memory.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate the user most likely meant by `word`, or undefined when none is close.
 * A case-insensitive match wins outright (Graph's own docs misspell `createBasedOnOrgPlusroleGroup`);
 * otherwise the nearest by edit distance, at most 3 and at most half the word, so short words do
 * not get far-fetched suggestions.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const limit = Math.min(3, Math.floor(word.length / 2));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
