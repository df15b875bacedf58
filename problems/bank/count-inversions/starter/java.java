import java.util.*;

class Solution {
    public static long countInversions(int[] nums) {
        // TODO: write your solution here
        return 0L;
    }
}
