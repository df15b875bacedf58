import java.util.*;

class Solution {
    public static int[] twoSum(int[] nums, int target) {
        // TODO: write your solution here
        return null;
    }
}
