import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const counts = new Map();
for (let i = 1; i <= n; i++) {
  const v = Number(data[i]);
  counts.set(v, (counts.get(v) ?? 0) + 1);
}
// Highest count first, then the smallest value.
let bestValue = 0;
let bestCount = 0;
for (const [v, c] of counts) {
  if (c > bestCount || (c === bestCount && v < bestValue)) {
    bestValue = v;
    bestCount = c;
  }
}
console.log(`${counts.size}\n${bestValue} ${bestCount}`);
