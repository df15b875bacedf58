vector<double> runningMedian(vector<int> nums) {
    // TODO: write your solution here
    return {};
}
