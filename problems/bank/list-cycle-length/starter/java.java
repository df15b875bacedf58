import java.util.*;

class Solution {
    public static int cycleLength(int[] next, int head) {
        // TODO: write your solution here
        return 0;
    }
}
