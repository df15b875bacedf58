bool isBalanced(string s) {
    // TODO: write your solution here
    return false;
}
