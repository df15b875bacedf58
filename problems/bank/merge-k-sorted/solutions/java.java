import java.util.*;

class Solution {
    public static int[] mergeLists(int[][] lists) {
        // A min-heap of list indexes, ordered by each list's current head value.
        int[] pos = new int[lists.length];
        PriorityQueue<Integer> heap =
                new PriorityQueue<>(Math.max(1, lists.length), Comparator.comparingInt(i -> lists[i][pos[i]]));
        int total = 0;
        for (int i = 0; i < lists.length; i++) {
            total += lists[i].length;
            if (lists[i].length > 0) heap.add(i);
        }
        int[] out = new int[total];
        int k = 0;
        while (!heap.isEmpty()) {
            int i = heap.poll();
            out[k++] = lists[i][pos[i]++];
            if (pos[i] < lists[i].length) heap.add(i);
        }
        return out;
    }
}
