// "Did you mean": the names a mistyped word probably meant. Pure.

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The names within a few edits of what was typed (a third of the name, at least two), closest first. */
export function closestNames(typed: string, names: readonly string[], max = 2): string[] {
  const t = typed.normalize('NFKC').toLowerCase();
  return names
    .map((name) => ({ name, d: editDistance(t, name) }))
    .filter(({ name, d }) => d > 0 && d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ name }) => name);
}
