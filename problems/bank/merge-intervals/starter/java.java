import java.util.*;

class Solution {
    public static int[][] mergeIntervals(int[][] intervals) {
        // TODO: write your solution here
        return null;
    }
}
