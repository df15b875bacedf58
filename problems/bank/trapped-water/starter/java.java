import java.util.*;

class Solution {
    public static long trappedWater(int[] heights) {
        // TODO: write your solution here
        return 0L;
    }
}
