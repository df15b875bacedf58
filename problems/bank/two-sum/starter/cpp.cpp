vector<int> twoSum(vector<int> nums, int target) {
    // TODO: write your solution here
    return {};
}
