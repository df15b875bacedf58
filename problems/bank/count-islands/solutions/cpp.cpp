int countIslands(vector<string> grid) {
    // Flood-fill each unvisited land cell with an explicit stack (islands can be huge).
    int rows = grid.size(), cols = rows ? grid[0].size() : 0;
    int islands = 0;
    vector<pair<int, int>> stack;
    for (int r0 = 0; r0 < rows; r0++) {
        for (int c0 = 0; c0 < cols; c0++) {
            if (grid[r0][c0] != '#') continue;
            islands++;
            grid[r0][c0] = '.';  // our own copy: mark visited land as water
            stack.push_back({r0, c0});
            while (!stack.empty()) {
                auto [r, c] = stack.back();
                stack.pop_back();
                const int dr[] = {1, -1, 0, 0}, dc[] = {0, 0, 1, -1};
                for (int d = 0; d < 4; d++) {
                    int nr = r + dr[d], nc = c + dc[d];
                    if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && grid[nr][nc] == '#') {
                        grid[nr][nc] = '.';
                        stack.push_back({nr, nc});
                    }
                }
            }
        }
    }
    return islands;
}
