import java.util.*;

class Solution {
    public static int[] topKFrequent(int[] nums, int k) {
        // TODO: write your solution here
        return null;
    }
}
