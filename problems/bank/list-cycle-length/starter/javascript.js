/**
 * @param {number[]} next
 * @param {number} head
 * @returns {number}
 */
function cycleLength(next, head) {
  // TODO: write your solution here
}
