"""JavaScript harnesses (Deno from npm, no permissions, plain script)."""

from __future__ import annotations

import os

from ..model import Problem, camel
from . import Program, fill

# appended after the candidate's code, in the same module scope
FUNCTION = r"""
;(() => {
  const __ihEnc = new TextEncoder();
  const __ihDec = new TextDecoder();
  const __ihWrite = (s) => {
    const data = __ihEnc.encode(s + "\n");
    let off = 0;
    while (off < data.length) off += Deno.stdout.writeSync(data.subarray(off));
  };
  for (const k of ["log", "info", "debug", "table", "dir"]) console[k] = console.error;
  const __ihJson = (v) =>
    JSON.stringify(v, (k, x) => (typeof x === "bigint" ? Number(x) : x === undefined ? null : x));
  let fn;
  try {
    fn = %(name)s;
  } catch (_) {
    fn = undefined;
  }
  if (typeof fn !== "function") {
    __ihWrite(JSON.stringify({ compile_error: "solution.js does not define a function %(name)s()" }));
    return;
  }
  __ihWrite('{"ready": true}');
  const buf = new Uint8Array(1 << 16);
  let pending = "";
  for (;;) {
    const n = Deno.stdin.readSync(buf);
    if (n === null || n === 0) break;
    pending += __ihDec.decode(buf.subarray(0, n), { stream: true });
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const args = JSON.parse(line);
      let out;
      try {
        const t0 = performance.now();
        const result = fn(...args);
        const ms = performance.now() - t0;
        out = __ihJson({ ok: true, ms, result });
      } catch (e) {
        const text = String((e && e.stack) || e).slice(-4000);
        const kind = e instanceof RangeError && /memory|allocation/i.test(text) ? "memory" : "runtime";
        out = JSON.stringify({ ok: false, kind, error: text });
      }
      __ihWrite(out);
    }
  }
})();
"""


def deno(tools: dict[str, str]) -> tuple[str, list[str]]:
    path = tools.get("deno") or "deno"
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    return real, [folder] if not folder.startswith("/usr") else []


def _run(deno_path: str, memory_mb: int, script: str) -> list[str]:
    return [
        deno_path,
        "run",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--no-npm",
        "--no-remote",
        f"--v8-flags=--max-old-space-size={memory_mb},--single-threaded-gc",
        script,
    ]


def function_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    path, binds = deno(tools)
    source = code + "\n" + fill(FUNCTION, name=camel(meta.function.name))
    return Program(
        files={"main.js": source},
        run=_run(path, meta.limits.memory_mb, "/box/main.js"),
        ro_binds=binds,
        memory_overhead_mb=96,
        env=["DENO_DIR=/tmp/deno", "NO_COLOR=1", "DENO_NO_UPDATE_CHECK=1"],
    )


def stdio_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    path, binds = deno(tools)
    return Program(
        files={"main.js": code},
        run=_run(path, meta.limits.memory_mb, "/box/main.js"),
        ro_binds=binds,
        memory_overhead_mb=96,
        env=["DENO_DIR=/tmp/deno", "NO_COLOR=1", "DENO_NO_UPDATE_CHECK=1"],
    )
