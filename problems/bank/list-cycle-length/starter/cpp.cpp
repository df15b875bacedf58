int cycleLength(vector<int> next, int head) {
    // TODO: write your solution here
    return 0;
}
