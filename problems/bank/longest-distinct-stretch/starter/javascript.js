/**
 * @param {number[]} nums
 * @returns {number}
 */
function longestDistinct(nums) {
  // TODO: write your solution here
}
