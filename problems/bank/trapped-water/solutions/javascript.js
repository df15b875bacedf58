function trappedWater(heights) {
  // Two pointers: the lower side's running maximum bounds the water at that side.
  let left = 0, right = heights.length - 1;
  let leftMax = 0, rightMax = 0, total = 0;
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
