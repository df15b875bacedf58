import java.util.*;

class Solution {
    public static int maxProfit(int[] prices) {
        // TODO: write your solution here
        return 0;
    }
}
