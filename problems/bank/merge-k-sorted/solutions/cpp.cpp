vector<int> mergeLists(vector<vector<int>> lists) {
    // A min-heap of (head value, list index); positions advance as heads are taken.
    vector<size_t> pos(lists.size(), 0);
    priority_queue<pair<int, int>, vector<pair<int, int>>, greater<pair<int, int>>> heap;
    for (int i = 0; i < (int)lists.size(); i++)
        if (!lists[i].empty()) heap.push({lists[i][0], i});
    vector<int> out;
    while (!heap.empty()) {
        auto [value, i] = heap.top();
        heap.pop();
        out.push_back(value);
        if (++pos[i] < lists[i].size()) heap.push({lists[i][pos[i]], i});
    }
    return out;
}
