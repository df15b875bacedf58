/**
 * @param {number[][]} lists
 * @returns {number[]}
 */
function mergeLists(lists) {
  // TODO: write your solution here
}
