import java.util.*;

class Solution {
    public static long maxProfitSchedule(int[][] jobs) {
        // TODO: write your solution here
        return 0L;
    }
}
