class Solution {
    public static long trappedWater(int[] heights) {
        // Two pointers: the lower side's running maximum bounds the water at that side.
        int left = 0, right = heights.length - 1;
        int leftMax = 0, rightMax = 0;
        long total = 0;
        while (left < right) {
            if (heights[left] <= heights[right]) {
                leftMax = Math.max(leftMax, heights[left]);
                total += leftMax - heights[left++];
            } else {
                rightMax = Math.max(rightMax, heights[right]);
                total += rightMax - heights[right--];
            }
        }
        return total;
    }
}
