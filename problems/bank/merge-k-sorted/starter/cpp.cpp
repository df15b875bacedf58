vector<int> mergeLists(vector<vector<int>> lists) {
    // TODO: write your solution here
    return {};
}
