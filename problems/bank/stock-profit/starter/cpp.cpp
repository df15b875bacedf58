int maxProfit(vector<int> prices) {
    // TODO: write your solution here
    return 0;
}
