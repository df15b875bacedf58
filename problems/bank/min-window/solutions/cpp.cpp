string minWindow(string s, string t) {
    // Grow the window on the right; once it covers t, shrink it from the left while it still does.
    array<int, 128> need{};
    for (char c : t) need[c]++;
    int missing = t.size(), left = 0, bestStart = 0, bestLen = s.size() + 1;
    for (int right = 0; right < (int)s.size(); right++) {
        if (need[s[right]]-- > 0) missing--;
        if (missing == 0) {
            while (need[s[left]] < 0) need[s[left++]]++;
            if (right - left + 1 < bestLen) {
                bestStart = left;
                bestLen = right - left + 1;
            }
            // Give up the first character so the window looks for its next cover.
            need[s[left++]]++;
            missing++;
        }
    }
    return bestLen <= (int)s.size() ? s.substr(bestStart, bestLen) : "";
}
