/**
 * @param {number[]} heights
 * @returns {number}
 */
function largestRectangle(heights) {
  // TODO: write your solution here
}
