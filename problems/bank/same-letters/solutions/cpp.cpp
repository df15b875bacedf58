bool sameLetters(string a, string b) {
    // Count up for a, down for b: all counts must end at zero.
    if (a.size() != b.size()) return false;
    array<int, 26> counts{};
    for (size_t i = 0; i < a.size(); i++) {
        counts[a[i] - 'a']++;
        counts[b[i] - 'a']--;
    }
    for (int c : counts) if (c != 0) return false;
    return true;
}
