/**
 * @param {string} s
 * @returns {boolean}
 */
function isBalanced(s) {
  // TODO: write your solution here
}
