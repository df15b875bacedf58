import java.util.*;

class Solution {
    public static int longestIncreasing(int[] nums) {
        // tails[k] = smallest possible last value of an increasing subsequence of length k + 1.
        int[] tails = new int[nums.length];
        int size = 0;
        for (int x : nums) {
            int k = Arrays.binarySearch(tails, 0, size, x);
            if (k < 0) k = -k - 1;
            tails[k] = x;
            if (k == size) size++;
        }
        return size;
    }
}
