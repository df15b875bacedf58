long long countInversions(vector<int> nums) {
    // TODO: write your solution here
    return 0;
}
