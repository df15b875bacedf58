function isSearchTree(tree) {
  // Hand each node the open interval (low, high) its value must lie in, in level order.
  if (tree.length === 0) return true;
  const n = tree.length;
  const low = new Float64Array(n), high = new Float64Array(n);
  const queue = new Int32Array(n);
  let head = 0, tail = 0, pos = 1;
  low[0] = -1;
  high[0] = 1e9 + 1;
  queue[tail++] = 0;
  while (head < tail) {
    const i = queue[head++];
    const v = tree[i];
    if (!(low[i] < v && v < high[i])) return false;
    for (let side = 0; side < 2; side++, pos++) {
      if (pos >= n || tree[pos] === -1) continue;
      low[pos] = side === 0 ? low[i] : v;
      high[pos] = side === 0 ? v : high[i];
      queue[tail++] = pos;
    }
  }
  return true;
}
