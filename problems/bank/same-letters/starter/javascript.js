/**
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function sameLetters(a, b) {
  // TODO: write your solution here
}
