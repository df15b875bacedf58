int maxProfit(vector<int> prices) {
    // Sell on each day against the cheapest earlier day.
    int best = 0;
    int lowest = INT_MAX;
    for (int p : prices) {
        if (p < lowest) lowest = p;
        else best = max(best, p - lowest);
    }
    return best;
}
