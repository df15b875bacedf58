/**
 * @param {number[]} prices
 * @returns {number}
 */
function maxProfit(prices) {
  // TODO: write your solution here
}
