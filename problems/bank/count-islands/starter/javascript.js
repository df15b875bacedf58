/**
 * @param {string[]} grid
 * @returns {number}
 */
function countIslands(grid) {
  // TODO: write your solution here
}
