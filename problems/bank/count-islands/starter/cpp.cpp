int countIslands(vector<string> grid) {
    // TODO: write your solution here
    return 0;
}
