import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const [n, q] = data;
// prefix[k] = a_1 + ... + a_k; sums stay below 2^53, so plain numbers are exact.
const prefix = new Float64Array(n + 1);
for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + data[2 + i];
const out = new Array(q);
for (let k = 0, p = 2 + n; k < q; k++, p += 2) out[k] = prefix[data[p + 1]] - prefix[data[p] - 1];
console.log(out.join("\n"));
