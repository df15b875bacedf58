function maxProfitSchedule(jobs) {
  // best[k] = best profit using only the first k jobs by end time; each job either is skipped
  // or follows the best schedule of the jobs that end by its start (found by binary search).
  const sorted = [...jobs].sort((a, b) => a[1] - b[1]);
  const best = new Float64Array(sorted.length + 1);
  for (let k = 0; k < sorted.length; k++) {
    const [start, , profit] = sorted[k];
    let lo = 0, hi = k;  // number of jobs among the first k that end by `start`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid][1] <= start) lo = mid + 1;
      else hi = mid;
    }
    best[k + 1] = Math.max(best[k], best[lo] + profit);
  }
  return best[sorted.length];
}
