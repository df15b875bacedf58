class Solution {
    public static long largestRectangle(int[] heights) {
        // Stack of bars with increasing heights; a lower bar closes the rectangles of taller ones.
        int n = heights.length;
        int[] stack = new int[n + 1];
        int top = 0;
        long best = 0;
        for (int i = 0; i <= n; i++) {
            int h = i < n ? heights[i] : 0;
            while (top > 0 && heights[stack[top - 1]] >= h) {
                long height = heights[stack[--top]];
                int left = top > 0 ? stack[top - 1] + 1 : 0;
                best = Math.max(best, height * (i - left));
            }
            stack[top++] = i;
        }
        return best;
    }
}
