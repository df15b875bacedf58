import java.util.*;

class Solution {
    public static long maxProfitSchedule(int[][] jobs) {
        // best[k] = best profit using only the first k jobs by end time; each job either is skipped
        // or follows the best schedule of the jobs that end by its start (found by binary search).
        int[][] sorted = jobs.clone();
        Arrays.sort(sorted, Comparator.comparingInt(job -> job[1]));
        int n = sorted.length;
        long[] best = new long[n + 1];
        for (int k = 0; k < n; k++) {
            int start = sorted[k][0];
            int lo = 0, hi = k;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid][1] <= start) lo = mid + 1;
                else hi = mid;
            }
            best[k + 1] = Math.max(best[k], best[lo] + sorted[k][2]);
        }
        return best[n];
    }
}
