/**
 * @param {number[]} values
 * @returns {number[]}
 */
function waitForGreater(values) {
  // TODO: write your solution here
}
