/**
 * @param {number[]} nums
 * @returns {number}
 */
function countInversions(nums) {
  // TODO: write your solution here
}
