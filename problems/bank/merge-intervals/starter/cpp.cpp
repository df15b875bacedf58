vector<vector<int>> mergeIntervals(vector<vector<int>> intervals) {
    // TODO: write your solution here
    return {};
}
