vector<int> topKFrequent(vector<int> nums, int k) {
    // TODO: write your solution here
    return {};
}
