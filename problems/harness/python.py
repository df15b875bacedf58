"""Python harnesses (the venv's python3, isolated mode)."""

from __future__ import annotations

import os
import sys

from ..model import Problem
from . import Program, fill

FUNCTION = r"""
import json, os, sys, threading, time, traceback

proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)  # the candidate's prints go to stderr
sys.setrecursionlimit(1_000_000)
threading.stack_size(256 * 2**20)
NAME = %(name)r
RETURNS = %(returns)r


def send(obj):
    proto.write(json.dumps(obj, allow_nan=False) + "\n")
    proto.flush()


def err_text(e, limit=4000):
    text = "".join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))
    return text[-limit:]


def main():
    ns = {"__name__": "solution"}
    try:
        code = compile(open("/box/solution.py", encoding="utf-8").read(), "solution.py", "exec")
    except (SyntaxError, ValueError, UnicodeDecodeError) as e:
        send({"compile_error": "".join(traceback.format_exception_only(type(e), e))[-4000:]})
        return
    try:
        exec(code, ns)
    except BaseException as e:
        send({"compile_error": err_text(e)})
        return
    fn = ns.get(NAME)
    if not callable(fn):
        send({"compile_error": f"solution.py does not define a function {NAME}()"})
        return
    send({"ready": True})
    for line in sys.stdin:
        args = json.loads(line)
        try:
            t0 = time.perf_counter()
            result = fn(*args)
            ms = (time.perf_counter() - t0) * 1000
            if RETURNS == "double" or RETURNS == "double[]":
                result = result if not isinstance(result, (list, tuple)) else [float(x) for x in result]
            out = json.dumps({"ok": True, "ms": ms, "result": result}, allow_nan=False, default=list)
        except MemoryError:
            out = json.dumps({"ok": False, "kind": "memory", "error": "MemoryError"})
        except RecursionError as e:
            out = json.dumps({"ok": False, "kind": "runtime", "error": err_text(e)})
        except BaseException as e:
            out = json.dumps({"ok": False, "kind": "runtime", "error": err_text(e)})
        proto.write(out + "\n")
        proto.flush()


t = threading.Thread(target=main)
t.start()
t.join()
sys.stdout.flush()
"""

# notebook problems: the candidate's code once, then one assertion block per stdin line
NOTEBOOK = r"""
import json, os, sys, traceback

proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.path.insert(0, "/box")
os.chdir(%(data)r)


def send(obj):
    proto.write(json.dumps(obj) + "\n")
    proto.flush()


ns = {"__name__": "__main__"}
try:
    code = compile(open("/box/solution.py", encoding="utf-8").read(), "solution.py", "exec")
except (SyntaxError, ValueError) as e:
    send({"compile_error": "".join(traceback.format_exception_only(type(e), e))[-4000:]})
    sys.exit(0)
try:
    exec(code, ns)
    send({"ready": True})
except BaseException as e:
    send({"compile_error": "".join(traceback.format_exception(type(e), e, e.__traceback__))[-4000:]})
    sys.exit(0)
for line in sys.stdin:
    test = json.loads(line)[0]
    try:
        exec(compile(test, "test", "exec"), ns)
        send({"ok": True, "result": True})
    except AssertionError as e:
        send({"ok": True, "result": False, "error": str(e)[-1000:]})
    except MemoryError:
        send({"ok": False, "kind": "memory", "error": "MemoryError"})
    except BaseException as e:
        send({"ok": False, "kind": "runtime", "error": traceback.format_exc()[-4000:]})
"""


def interpreter(tools: dict[str, str], site: bool = False) -> tuple[str, list[str]]:
    """The python executable and the folders it needs. Without `site` (function and stdio
    problems: standard library only) the venv's python is run by its real path, so the venv
    is not mounted at all; notebook problems get the venv read-only for pandas and friends."""
    python = tools.get("python") or sys.executable
    if not site:
        return os.path.realpath(python), []
    prefix = os.path.realpath(sys.prefix)
    return python, [prefix] if prefix != "/usr" else []


def function_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    python, binds = interpreter(tools)
    harness = fill(FUNCTION, name=meta.function.name, returns=meta.function.returns)
    return Program(
        files={"solution.py": code, "harness.py": harness},
        run=[python, "-I", "-S", "/box/harness.py"],
        ro_binds=binds,
        env=["PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"],
    )


def stdio_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    python, binds = interpreter(tools)
    return Program(
        files={"solution.py": code},
        run=[python, "-I", "-S", "/box/solution.py"],
        ro_binds=binds,
        env=["PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"],
    )


def notebook_program(meta: Problem, code: str, tools: dict[str, str]) -> Program:
    python, binds = interpreter(tools, site=True)
    return Program(
        files={"solution.py": code, "harness.py": fill(NOTEBOOK, data=tools.get("data") or "/tmp")},
        run=[python, "-I", "/box/harness.py"],  # with site: pandas and friends
        ro_binds=binds + ([tools["data"]] if tools.get("data") else []),
        memory_overhead_mb=128,
        env=["PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0", "MPLBACKEND=Agg", "OPENBLAS_NUM_THREADS=1"],
    )
