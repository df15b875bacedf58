import java.util.*;

class Solution {
    public static double[] runningMedian(int[] nums) {
        // TODO: write your solution here
        return null;
    }
}
