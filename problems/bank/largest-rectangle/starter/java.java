import java.util.*;

class Solution {
    public static long largestRectangle(int[] heights) {
        // TODO: write your solution here
        return 0L;
    }
}
