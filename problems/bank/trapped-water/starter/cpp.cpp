long long trappedWater(vector<int> heights) {
    // TODO: write your solution here
    return 0;
}
