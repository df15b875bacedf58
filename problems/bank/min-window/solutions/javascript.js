function minWindow(s, t) {
  // Grow the window on the right; once it covers t, shrink it from the left while it still does.
  const need = new Int32Array(128);
  for (let i = 0; i < t.length; i++) need[t.charCodeAt(i)]++;
  let missing = t.length, left = 0, bestStart = 0, bestLen = s.length + 1;
  for (let right = 0; right < s.length; right++) {
    if (need[s.charCodeAt(right)]-- > 0) missing--;
    if (missing === 0) {
      while (need[s.charCodeAt(left)] < 0) need[s.charCodeAt(left++)]++;
      if (right - left + 1 < bestLen) {
        bestStart = left;
        bestLen = right - left + 1;
      }
      // Give up the first character so the window looks for its next cover.
      need[s.charCodeAt(left++)]++;
      missing++;
    }
  }
  return bestLen <= s.length ? s.slice(bestStart, bestStart + bestLen) : "";
}
