/**
 * @param {number[]} a
 * @param {number[]} b
 * @returns {number[]}
 */
function mergeSorted(a, b) {
  // TODO: write your solution here
}
