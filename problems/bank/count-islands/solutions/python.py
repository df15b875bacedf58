def count_islands(grid: list[str]) -> int:
    # Flood-fill each unvisited land cell with an explicit stack (islands can be huge).
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    seen = [[False] * cols for _ in range(rows)]
    islands = 0
    for r0 in range(rows):
        for c0 in range(cols):
            if grid[r0][c0] != "#" or seen[r0][c0]:
                continue
            islands += 1
            seen[r0][c0] = True
            stack = [(r0, c0)]
            while stack:
                r, c = stack.pop()
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if 0 <= nr < rows and 0 <= nc < cols and not seen[nr][nc] and grid[nr][nc] == "#":
                        seen[nr][nc] = True
                        stack.append((nr, nc))
    return islands
