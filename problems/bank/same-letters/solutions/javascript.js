function sameLetters(a, b) {
  // Count up for a, down for b: all counts must end at zero.
  if (a.length !== b.length) return false;
  const counts = new Int32Array(26);
  for (let i = 0; i < a.length; i++) {
    counts[a.charCodeAt(i) - 97]++;
    counts[b.charCodeAt(i) - 97]--;
  }
  return counts.every((c) => c === 0);
}
