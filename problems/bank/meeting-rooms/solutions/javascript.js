import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
// Sweep over sorted start and end times: a room frees up before a meeting at the same time starts.
const starts = new Float64Array(n);
const ends = new Float64Array(n);
for (let i = 0; i < n; i++) {
  starts[i] = data[1 + 2 * i];
  ends[i] = data[2 + 2 * i];
}
starts.sort();
ends.sort();
let inUse = 0, best = 0;
for (let i = 0, j = 0; i < n; i++) {
  while (ends[j] <= starts[i]) {
    j++;
    inUse--;
  }
  inUse++;
  if (inUse > best) best = inUse;
}
console.log(best);
