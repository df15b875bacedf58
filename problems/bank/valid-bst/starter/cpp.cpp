bool isSearchTree(vector<int> tree) {
    // TODO: write your solution here
    return false;
}
