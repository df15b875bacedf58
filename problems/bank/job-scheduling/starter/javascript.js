/**
 * @param {number[][]} jobs
 * @returns {number}
 */
function maxProfitSchedule(jobs) {
  // TODO: write your solution here
}
