"""`Problem("two-sum")`: the room's problem in a notebook, with a "Run tests" button.

The kernel has no network and never sees hidden tests. What it can read is the public part of
the room's current problem, which the room server writes to `.interviewhub/problem.json` in the
workspace (statement, signature, visible tests). "Run tests" runs the visible tests here, in the
kernel, on the definitions in the notebook, and asks for hidden grading by writing a request
file `.interviewhub/requests/<id>.json` with the definitions' source; the room server picks it
up, sends it to the interview service's grader with the room's token, records it, and writes
the candidate's view of the result (hidden tests as counts and verdict kinds, or less) to
`.interviewhub/results/<id>.json`. See docs/problems.md, "In the room".
"""

from __future__ import annotations

import ast
import html
import inspect
import json
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import ipywidgets as w

PUBLIC_DIR = Path(".interviewhub")
RESULT_TIMEOUT_S = 120.0


def _markdown(text: str) -> str:
    try:
        import mistune

        return mistune.html(text)
    except Exception:  # mistune missing or failing: plain text still reads
        return f"<pre>{html.escape(text)}</pre>"


def load_public(folder: Path = PUBLIC_DIR) -> dict[str, Any]:
    """The room's problem as the room server published it ({} when none was picked)."""
    try:
        return json.loads((folder / "problem.json").read_text())
    except (OSError, ValueError):
        return {}


def notebook_source(namespace: dict[str, Any]) -> str:
    """The definitions of the notebook (functions, classes, imports) as one Python module.

    Taken from the kernel's cell history: each executed cell's top-level `import`, `def` and
    `class` statements, later cells overriding earlier ones by name. Nothing else is sent: the
    hidden grader runs the definitions, not the notebook's experiments."""
    cells = namespace.get("In") or []
    imports: list[str] = []
    defs: dict[str, str] = {}
    for cell in cells:
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in tree.body:
            segment = ast.get_source_segment(cell, node) or ""
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if "interviewhub" not in segment and segment not in imports:
                    imports.append(segment)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                lines = cell.splitlines()[start - 1 : node.end_lineno]
                defs.pop(node.name, None)
                defs[node.name] = "\n".join(lines)
    if not defs:  # not run from IPython: fall back to what inspect can find
        for name, obj in namespace.items():
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == "__main__":
                try:
                    defs[name] = inspect.getsource(obj)
                except (OSError, TypeError):
                    pass
    return "\n".join(imports) + "\n\n" + "\n\n".join(defs.values()) + "\n"


def _same(expected: Any, actual: Any) -> bool:
    """As the grader compares: JSON values, `true` and `1` apart, numbers within 1e-6 if floats."""
    if isinstance(expected, float) or isinstance(actual, float):
        if isinstance(expected, bool) or isinstance(actual, bool):
            return False
        try:
            return abs(float(expected) - float(actual)) <= 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    try:
        return json.dumps(expected, sort_keys=True) == json.dumps(actual, sort_keys=True)
    except (TypeError, ValueError):
        return False


class Problem(w.VBox):
    """The statement of `problem_id` and a "Run tests" button with a results table."""

    def __init__(
        self, problem_id: str, namespace: dict[str, Any] | None = None, folder: str | Path = PUBLIC_DIR
    ):
        self.problem_id = problem_id
        self.folder = Path(folder)
        self.namespace = namespace if namespace is not None else self._user_namespace()
        public = load_public(self.folder)
        self.problem = public.get("problem") if public.get("problem_id") == problem_id else None
        self.statement = w.HTML()
        self.button = w.Button(description="Run tests", icon="play", tooltip="Run tests")
        self.button.add_class("ih-run-tests")
        self.status = w.HTML()
        self.results = w.HTML()
        if self.problem is None:
            current = public.get("problem_id")
            self.statement.value = (
                f"<p>{html.escape(problem_id)} is not this room's problem"
                + (f" (the interviewer picked {html.escape(current)})" if current else " (none picked yet)")
                + ".</p>"
            )
            self.button.disabled = True
        else:
            self.statement.value = f"<h3>{html.escape(self.problem['title'])}</h3>" + _markdown(
                self.problem["statement"]
            )
        self.button.on_click(lambda _b: self.run_tests())
        super().__init__([self.statement, w.HBox([self.button, self.status]), self.results])

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        """The live widget, plus a static `text/html` copy of the statement.

        JupyterLab renders the live widget only for trusted outputs (widget HTML is not
        sanitized). A browser that does not trust the cell, such as a staff browser showing
        another participant's output in a cell loaded from the notebook file, falls back to
        this copy, which JupyterLab sanitizes, instead of the `Problem(children=...)` repr. It is
        also what a saved or exported notebook shows."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/html"] = (
                f"<div class='ih-problem-static'>{self.statement.value}<p><i>Run tests is live in the "
                "browser of whoever ran this cell, and in the candidate's; every run's results are "
                "in the Problem panel.</i></p></div>"
            )
        return data

    @staticmethod
    def _user_namespace() -> dict[str, Any]:
        try:
            from IPython import get_ipython

            shell = get_ipython()
            return shell.user_ns if shell is not None else {}
        except ImportError:
            return {}

    # -- visible tests, here ---------------------------------------------------------------------
    def visible_results(self) -> list[dict[str, Any]]:
        """Run the examples against the notebook's function (or assertions, for notebook problems)."""
        rows = []
        func = (self.problem or {}).get("function") or {}
        fn = self.namespace.get(func.get("name", "")) if func else None
        for ex in self.problem.get("examples", []):
            t0 = time.perf_counter()
            row = {"name": ex["name"], "hidden": False, "expected": ex.get("expected"), "actual": None}
            try:
                if "code" in ex:
                    exec(ex["code"], self.namespace)  # noqa: S102 - the candidate's own kernel
                    row["verdict"] = "Accepted"
                elif fn is None:
                    row["verdict"], row["message"] = "Compilation Error", f"define {func.get('name')}() first"
                elif "input" in ex:
                    row["actual"] = fn(**ex["input"])
                    row["verdict"] = "Accepted" if _same(ex["expected"], row["actual"]) else "Wrong Answer"
                else:
                    continue  # generated: only the grader has it
            except Exception as e:  # the candidate's code failed: that is a verdict
                row["verdict"], row["message"] = "Runtime Error", f"{type(e).__name__}: {e}"
            row["time_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            rows.append(row)
        return rows

    # -- hidden tests, through the room server -----------------------------------------------------
    def request_grading(self, code: str) -> str:
        rid = uuid.uuid4().hex
        folder = self.folder / "requests"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{rid}.tmp"
        tmp.write_text(json.dumps({"problem_id": self.problem_id, "code": code, "mode": "tests"}))
        os.replace(tmp, folder / f"{rid}.json")
        return rid

    def wait_result(self, rid: str, timeout: float = RESULT_TIMEOUT_S) -> dict[str, Any]:
        path = self.folder / "results" / f"{rid}.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if path.is_file():
                try:
                    data = json.loads(path.read_text())
                except ValueError:
                    time.sleep(0.1)
                    continue
                path.unlink(missing_ok=True)
                return data
            time.sleep(0.2)
        return {"error": "no answer from the room server in time"}

    def run_tests(self, wait: bool = False) -> None:
        if self.problem is None:
            return
        self.button.disabled = True
        rows = self.visible_results()
        self.status.value = "<i>grading hidden tests…</i>"
        self.render(rows, None)
        rid = self.request_grading(notebook_source(self.namespace))

        def finish() -> None:
            answer = self.wait_result(rid)
            self.render(rows, answer)
            self.button.disabled = False

        if wait:
            finish()
        else:
            threading.Thread(target=finish, daemon=True).start()

    def render(self, rows: list[dict[str, Any]], answer: dict[str, Any] | None) -> None:
        body = "".join(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                html.escape(r["name"]),
                html.escape(r["verdict"]),
                r.get("time_ms", ""),
                html.escape(json.dumps(r.get("expected"))) if r["verdict"] == "Wrong Answer" else "",
                html.escape(
                    json.dumps(r.get("actual")) if r["verdict"] == "Wrong Answer" else r.get("message", "")
                ),
            )
            for r in rows
        )
        table = (
            "<table class='ih-results'><thead><tr><th>test</th><th>verdict</th><th>ms</th>"
            f"<th>expected</th><th>actual</th></tr></thead><tbody>{body}</tbody></table>"
        )
        self.last_answer = answer
        if answer is None:
            summary = ""
        elif "error" in answer:
            summary = f"<p>Hidden tests: not graded ({html.escape(str(answer['error']))})</p>"
            self.status.value = ""
        else:
            result = answer.get("result", {})
            hidden = result.get("hidden", {})
            summary = (
                f"<p>Graded: <b>{html.escape(str(result.get('verdict')))}</b>. "
                + _hidden_text(hidden)
                + "</p>"
            )
            self.status.value = ""
        self.results.value = table + summary


def _hidden_text(hidden: dict[str, Any]) -> str:
    if hidden.get("feedback") == "none" or "total" not in hidden:
        return "Hidden tests: not shown in this interview."
    text = f"Hidden tests: {hidden['passed']} / {hidden['total']} passed"
    kinds = hidden.get("verdicts")
    if kinds:
        text += " (" + ", ".join(f"{html.escape(k)}: {n}" for k, n in sorted(kinds.items())) + ")"
    return text + "."
