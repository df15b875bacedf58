class Solution {
    public static long countInversions(int[] nums) {
        // Bottom-up merge sort: when an element of the right run is taken first, it forms an
        // inversion with every element still waiting in the left run.
        int n = nums.length;
        int[] a = nums.clone(), b = new int[n];
        long total = 0;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
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
            int[] t = a;
            a = b;
            b = t;
        }
        return total;
    }
}
