function mergeLists(lists) {
  // A min-heap of list indexes, ordered by each list's current head value.
  const pos = new Int32Array(lists.length);
  const head = (i) => lists[i][pos[i]];
  const heap = [];
  const siftDown = (i) => {
    const x = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && head(heap[c + 1]) < head(heap[c])) c++;
      if (head(heap[c]) >= head(x)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  };
  lists.forEach((lst, i) => lst.length && heap.push(i));
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  const out = [];
  while (heap.length) {
    const i = heap[0];
    out.push(head(i));
    pos[i]++;
    if (pos[i] >= lists[i].length) {
      const last = heap.pop();
      if (!heap.length) break;
      heap[0] = last;
    }
    siftDown(0);
  }
  return out;
}
