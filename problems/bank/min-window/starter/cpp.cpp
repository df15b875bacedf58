string minWindow(string s, string t) {
    // TODO: write your solution here
    return {};
}
