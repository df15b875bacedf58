int treeDepth(vector<int> tree) {
    // TODO: write your solution here
    return 0;
}
