long long maxProfitSchedule(vector<vector<int>> jobs) {
    // TODO: write your solution here
    return 0;
}
