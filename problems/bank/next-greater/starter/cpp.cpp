vector<int> waitForGreater(vector<int> values) {
    // TODO: write your solution here
    return {};
}
