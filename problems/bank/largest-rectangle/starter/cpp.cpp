long long largestRectangle(vector<int> heights) {
    // TODO: write your solution here
    return 0;
}
