/**
 * @param {string} s
 * @param {string} t
 * @returns {string}
 */
function minWindow(s, t) {
  // TODO: write your solution here
}
