import java.util.*;

class Solution {
    public static double[] runningMedian(int[] nums) {
        // Lower half in a max-heap, upper half in a min-heap; the lower half may hold one more.
        PriorityQueue<Integer> low = new PriorityQueue<>(Collections.reverseOrder());
        PriorityQueue<Integer> high = new PriorityQueue<>();
        double[] out = new double[nums.length];
        for (int i = 0; i < nums.length; i++) {
            int x = nums[i];
            if (!low.isEmpty() && x > low.peek()) {
                high.add(x);
                if (high.size() > low.size()) low.add(high.poll());
            } else {
                low.add(x);
                if (low.size() > high.size() + 1) high.add(low.poll());
            }
            out[i] = low.size() > high.size() ? low.peek() : ((long) low.peek() + high.peek()) / 2.0;
        }
        return out;
    }
}
