class Solution {
    public static int treeDepth(int[] tree) {
        // Walk the array level by level: a level with k present nodes is followed by 2k slots.
        int depth = 0, start = 0, width = 1;
        while (start < tree.length) {
            int present = 0;
            int end = Math.min(tree.length, start + width);
            for (int i = start; i < end; i++) if (tree[i] != -1) present++;
            if (present == 0) break;
            depth++;
            start += width;
            width = 2 * present;
        }
        return depth;
    }
}
