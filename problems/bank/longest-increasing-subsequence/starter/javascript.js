/**
 * @param {number[]} nums
 * @returns {number}
 */
function longestIncreasing(nums) {
  // TODO: write your solution here
}
