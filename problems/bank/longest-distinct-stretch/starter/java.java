import java.util.*;

class Solution {
    public static int longestDistinct(int[] nums) {
        // TODO: write your solution here
        return 0;
    }
}
