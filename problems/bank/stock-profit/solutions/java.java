class Solution {
    public static int maxProfit(int[] prices) {
        // Sell on each day against the cheapest earlier day.
        int best = 0;
        int lowest = Integer.MAX_VALUE;
        for (int p : prices) {
            if (p < lowest) lowest = p;
            else best = Math.max(best, p - lowest);
        }
        return best;
    }
}
