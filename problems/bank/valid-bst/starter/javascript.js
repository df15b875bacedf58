/**
 * @param {number[]} tree
 * @returns {boolean}
 */
function isSearchTree(tree) {
  // TODO: write your solution here
}
