function treeDepth(tree) {
  // Walk the array level by level: a level with k present nodes is followed by 2k slots.
  let depth = 0, start = 0, width = 1;
  while (start < tree.length) {
    let present = 0;
    const end = Math.min(tree.length, start + width);
    for (let i = start; i < end; i++) if (tree[i] !== -1) present++;
    if (present === 0) break;
    depth++;
    start += width;
    width = 2 * present;
  }
  return depth;
}
