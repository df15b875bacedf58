vector<int> mergeSorted(vector<int> a, vector<int> b) {
    // TODO: write your solution here
    return {};
}
