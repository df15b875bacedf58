vector<int> topKFrequent(vector<int> nums, int k) {
    // Count, then partially sort by (count desc, value asc).
    unordered_map<int, int> counts;
    for (int x : nums) counts[x]++;
    vector<pair<int, int>> items;  // (-count, value)
    items.reserve(counts.size());
    for (auto [v, c] : counts) items.push_back({-c, v});
    partial_sort(items.begin(), items.begin() + k, items.end());
    vector<int> out;
    for (int i = 0; i < k; i++) out.push_back(items[i].second);
    return out;
}
