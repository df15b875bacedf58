function countIslands(grid) {
  // Flood-fill each unvisited land cell with an explicit stack (islands can be huge).
  const rows = grid.length;
  const cols = rows ? grid[0].length : 0;
  const seen = new Uint8Array(rows * cols);
  const stack = new Int32Array(rows * cols);
  let islands = 0;
  for (let start = 0; start < rows * cols; start++) {
    if (seen[start] || grid[Math.floor(start / cols)][start % cols] !== "#") continue;
    islands++;
    seen[start] = 1;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const cell = stack[--top];
      const r = Math.floor(cell / cols), c = cell % cols;
      for (const [nr, nc] of [[r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]]) {
        if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
        const next = nr * cols + nc;
        if (!seen[next] && grid[nr][nc] === "#") {
          seen[next] = 1;
          stack[top++] = next;
        }
      }
    }
  }
  return islands;
}
