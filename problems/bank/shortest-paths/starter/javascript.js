import { readFileSync } from "node:fs";

const data = readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
// TODO: parse the input, solve, and print the answer with console.log
