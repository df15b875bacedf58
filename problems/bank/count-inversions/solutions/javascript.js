function countInversions(nums) {
  // Bottom-up merge sort: when an element of the right run is taken first, it forms an
  // inversion with every element still waiting in the left run.
  const n = nums.length;
  let a = Float64Array.from(nums), b = new Float64Array(n);
  let total = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (a[j] < a[i]) {
          total += mid - i;
          b[k++] = a[j++];
        } else {
          b[k++] = a[i++];
        }
      }
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    [a, b] = [b, a];
  }
  return total;
}
