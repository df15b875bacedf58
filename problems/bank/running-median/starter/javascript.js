/**
 * @param {number[]} nums
 * @returns {number[]}
 */
function runningMedian(nums) {
  // TODO: write your solution here
}
