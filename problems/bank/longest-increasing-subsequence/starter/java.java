import java.util.*;

class Solution {
    public static int longestIncreasing(int[] nums) {
        // TODO: write your solution here
        return 0;
    }
}
