import java.util.*;

class Solution {
    public static int[] topKFrequent(int[] nums, int k) {
        // Count, then keep the k best (count desc, value asc) in a heap whose root is the worst kept.
        Map<Integer, Integer> counts = new HashMap<>();
        for (int x : nums) counts.merge(x, 1, Integer::sum);
        Comparator<Map.Entry<Integer, Integer>> better =
                Comparator.<Map.Entry<Integer, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(Map.Entry::getKey);
        PriorityQueue<Map.Entry<Integer, Integer>> heap = new PriorityQueue<>(better.reversed());
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            heap.add(e);
            if (heap.size() > k) heap.poll();
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = heap.poll().getKey();
        return out;
    }
}
