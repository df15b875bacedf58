import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const [n, m] = data;
// Adjacency in compressed form: rules grouped by their first task.
const start = new Int32Array(n + 2);
const waitingFor = new Int32Array(n + 1);
for (let k = 0; k < m; k++) {
  start[data[2 + 2 * k] + 1]++;
  waitingFor[data[3 + 2 * k]]++;
}
for (let t = 1; t <= n + 1; t++) start[t] += start[t - 1];
const fill = start.slice();
const next = new Int32Array(m);
for (let k = 0; k < m; k++) next[fill[data[2 + 2 * k]]++] = data[3 + 2 * k];

// Binary min-heap of ready tasks: always do the smallest one.
const heap = [];
const push = (x) => {
  let i = heap.push(x) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p] <= x) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = x;
};
const pop = () => {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
};

for (let t = 1; t <= n; t++) if (waitingFor[t] === 0) push(t);
const order = [];
while (heap.length) {
  const t = pop();
  order.push(t);
  for (let k = start[t]; k < start[t + 1]; k++) {
    if (--waitingFor[next[k]] === 0) push(next[k]);
  }
}
console.log(order.length === n ? order.join(" ") : "IMPOSSIBLE");
