function longestDistinct(nums) {
  // Sliding window: when a value repeats, the window restarts just after its last occurrence.
  const last = new Map();
  let best = 0, start = 0;
  for (let i = 0; i < nums.length; i++) {
    const prev = last.get(nums[i]);
    if (prev !== undefined && prev >= start) start = prev + 1;
    last.set(nums[i], i);
    if (i - start + 1 > best) best = i - start + 1;
  }
  return best;
}
