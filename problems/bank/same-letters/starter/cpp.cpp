bool sameLetters(string a, string b) {
    // TODO: write your solution here
    return false;
}
