import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const [n, m] = data;
// Roads grouped by their first junction (compressed adjacency).
const start = new Int32Array(n + 2);
for (let k = 0; k < m; k++) start[data[2 + 3 * k] + 1]++;
for (let a = 1; a <= n + 1; a++) start[a] += start[a - 1];
const fill = start.slice();
const to = new Int32Array(m);
const time = new Float64Array(m);
for (let k = 0; k < m; k++) {
  const slot = fill[data[2 + 3 * k]]++;
  to[slot] = data[3 + 3 * k];
  time[slot] = data[4 + 3 * k];
}

// Binary min-heap of [distance, junction]; distances stay below 2^53.
const heap = [];
const push = (item) => {
  let i = heap.push(item) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p][0] <= item[0]) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = item;
};
const pop = () => {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && heap[c + 1][0] < heap[c][0]) c++;
      if (heap[c][0] >= last[0]) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
};

// Dijkstra: settle junctions in order of distance; stale heap entries are skipped.
const dist = new Array(n + 1).fill(-1);
push([0, 1]);
while (heap.length) {
  const [d, a] = pop();
  if (dist[a] !== -1) continue;
  dist[a] = d;
  for (let k = start[a]; k < start[a + 1]; k++) {
    if (dist[to[k]] === -1) push([d + time[k], to[k]]);
  }
}
console.log(dist.slice(1).join(" "));
