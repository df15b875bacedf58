/**
 * @param {number[]} heights
 * @returns {number}
 */
function trappedWater(heights) {
  // TODO: write your solution here
}
