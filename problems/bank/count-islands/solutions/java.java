class Solution {
    public static int countIslands(String[] grid) {
        // Flood-fill each unvisited land cell with an explicit stack (islands can be huge).
        int rows = grid.length, cols = rows > 0 ? grid[0].length() : 0;
        boolean[] seen = new boolean[rows * cols];
        int[] stack = new int[rows * cols];
        int[] dr = {1, -1, 0, 0}, dc = {0, 0, 1, -1};
        int islands = 0;
        for (int start = 0; start < rows * cols; start++) {
            if (seen[start] || grid[start / cols].charAt(start % cols) != '#') continue;
            islands++;
            seen[start] = true;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int cell = stack[--top], r = cell / cols, c = cell % cols;
                for (int d = 0; d < 4; d++) {
                    int nr = r + dr[d], nc = c + dc[d];
                    if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
                    int next = nr * cols + nc;
                    if (!seen[next] && grid[nr].charAt(nc) == '#') {
                        seen[next] = true;
                        stack[top++] = next;
                    }
                }
            }
        }
        return islands;
    }
}
