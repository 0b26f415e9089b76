// "Did you mean …?" for misspelt keys in the RBAC file.

/** A near-miss suggestion for a misspelt key ("responders" -> "responder"). */
export function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find(
    (k) =>
      lower.startsWith(k.toLowerCase()) ||
      k.toLowerCase().startsWith(lower) ||
      editDistance(lower, k.toLowerCase()) <= 2,
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
