long long countInversions(vector<int> nums) {
    // Bottom-up merge sort: when an element of the right run is taken first, it forms an
    // inversion with every element still waiting in the left run.
    int n = nums.size();
    vector<int> a = nums, b(n);
    long long total = 0;
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = min(lo + width, n), hi = min(lo + 2 * width, n);
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
        swap(a, b);
    }
    return total;
}
