int longestDistinct(vector<int> nums) {
    // Sliding window: when a value repeats, the window restarts just after its last occurrence.
    unordered_map<int, int> last;
    last.reserve(nums.size() * 2);
    int best = 0, start = 0;
    for (int i = 0; i < (int)nums.size(); i++) {
        auto [it, fresh] = last.try_emplace(nums[i], i);
        if (!fresh) {
            if (it->second >= start) start = it->second + 1;
            it->second = i;
        }
        best = max(best, i - start + 1);
    }
    return best;
}
