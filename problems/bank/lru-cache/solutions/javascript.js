import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const capacity = Number(data[0]);
const q = Number(data[1]);
// A Map iterates in insertion order: delete and re-insert to mark a key as most recently used.
const cache = new Map();
const out = [];
for (let k = 0, p = 2; k < q; k++) {
  if (data[p] === "GET") {
    const key = Number(data[p + 1]);
    p += 2;
    if (cache.has(key)) {
      const value = cache.get(key);
      cache.delete(key);
      cache.set(key, value);
      out.push(value);
    } else {
      out.push(-1);
    }
  } else {
    const key = Number(data[p + 1]);
    const value = Number(data[p + 2]);
    p += 3;
    if (cache.has(key)) cache.delete(key);
    else if (cache.size >= capacity) cache.delete(cache.keys().next().value);
    cache.set(key, value);
  }
}
if (out.length) console.log(out.join("\n"));
