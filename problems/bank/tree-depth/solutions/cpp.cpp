int treeDepth(vector<int> tree) {
    // Walk the array level by level: a level with k present nodes is followed by 2k slots.
    int depth = 0;
    size_t start = 0, width = 1;
    while (start < tree.size()) {
        size_t present = 0, end = min(tree.size(), start + width);
        for (size_t i = start; i < end; i++) present += tree[i] != -1;
        if (present == 0) break;
        depth++;
        start += width;
        width = 2 * present;
    }
    return depth;
}
