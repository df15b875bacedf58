class Solution {
    public static boolean isSearchTree(int[] tree) {
        // Hand each node the open interval (low, high) its value must lie in, in level order.
        int n = tree.length;
        if (n == 0) return true;
        long[] low = new long[n], high = new long[n];
        int[] queue = new int[n];
        int head = 0, tail = 0, pos = 1;
        low[0] = -1;
        high[0] = 1_000_000_001L;
        queue[tail++] = 0;
        while (head < tail) {
            int i = queue[head++];
            long v = tree[i];
            if (!(low[i] < v && v < high[i])) return false;
            for (int side = 0; side < 2; side++, pos++) {
                if (pos >= n || tree[pos] == -1) continue;
                low[pos] = side == 0 ? low[i] : v;
                high[pos] = side == 0 ? v : high[i];
                queue[tail++] = pos;
            }
        }
        return true;
    }
}
