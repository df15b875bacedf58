import java.util.*;

class Solution {
    public static int longestDistinct(int[] nums) {
        // Sliding window: when a value repeats, the window restarts just after its last occurrence.
        Map<Integer, Integer> last = new HashMap<>(nums.length * 2);
        int best = 0, start = 0;
        for (int i = 0; i < nums.length; i++) {
            Integer prev = last.put(nums[i], i);
            if (prev != null && prev >= start) start = prev + 1;
            best = Math.max(best, i - start + 1);
        }
        return best;
    }
}
