bool isSearchTree(vector<int> tree) {
    // Hand each node the open interval (low, high) its value must lie in, in level order.
    size_t n = tree.size();
    if (n == 0) return true;
    vector<long long> low(n), high(n);
    vector<size_t> queue = {0};
    size_t pos = 1;
    low[0] = -1;
    high[0] = 1000000001LL;
    for (size_t head = 0; head < queue.size(); head++) {
        size_t i = queue[head];
        long long v = tree[i];
        if (!(low[i] < v && v < high[i])) return false;
        for (int side = 0; side < 2; side++, pos++) {
            if (pos >= n || tree[pos] == -1) continue;
            low[pos] = side == 0 ? low[i] : v;
            high[pos] = side == 0 ? v : high[i];
            queue.push_back(pos);
        }
    }
    return true;
}
