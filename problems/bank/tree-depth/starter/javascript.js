/**
 * @param {number[]} tree
 * @returns {number}
 */
function treeDepth(tree) {
  // TODO: write your solution here
}
