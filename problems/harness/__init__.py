"""Per-language harnesses: the files and commands that turn a submission into a program the
grader can feed one test at a time.

Protocol of a function harness (all languages), one JSON document per line:
  harness -> grader (on its original stdout): {"ready": true} | {"compile_error": "..."} first,
      then one {"ok": true, "result": ...} | {"ok": false, "error": "...", "kind": "..."} per test
  grader -> harness (stdin): one line per test, the JSON list of arguments in declared order
The candidate's own prints go to stderr (the harness moves them there), so they cannot be taken
for results. Times are measured by the grader, outside the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Problem


@dataclass
class Program:
    """What to write into the scratch folder, how to compile it (once) and how to run it."""

    files: dict[str, str]
    run: list[str]
    compile: list[str] | None = None
    compile_memory_mb: int = 1024
    memory_overhead_mb: int = 0  # the runtime's own memory, added to the problem's limit
    ro_binds: list[str] = field(default_factory=list)
    env: list[str] = field(default_factory=list)


def fill(template: str, **values: str) -> str:
    """Put values into a template's %(name)s / %(name)r slots (the templates contain printf formats)."""
    for key, value in values.items():
        template = template.replace(f"%({key})s", str(value)).replace(f"%({key})r", repr(value))
    return template


def program(language: str, meta: Problem, code: str, tools: dict[str, str]) -> Program:
    """The program of a submission for one language; `tools` names executables (python, deno)."""
    from . import cpp, java, javascript, python

    module = {"python": python, "javascript": javascript, "java": java, "cpp": cpp}[language]
    if meta.kind == "function":
        return module.function_program(meta, code, tools)
    if meta.kind == "stdio":
        return module.stdio_program(meta, code, tools)
    return python.notebook_program(meta, code, tools)
