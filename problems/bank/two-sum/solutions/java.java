import java.util.*;

class Solution {
    public static int[] twoSum(int[] nums, int target) {
        // Value -> first position; |target - x| stays within int because |values| <= 1e9.
        Map<Integer, Integer> seen = new HashMap<>(nums.length * 2);
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);
            if (i != null) return new int[] {i, j};
            seen.putIfAbsent(nums[j], j);
        }
        return new int[0];
    }
}
