"""The problem bank: loading problem folders, with errors that name the file and the line.

A bank is a folder of problem folders (problems/bank/ in the package by default). Loading only
reads files; running reference solutions is the grader's job (`validate` in cli.py).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from traitlets import Unicode, default
from traitlets.config import LoggingConfigurable

from .model import (
    LANGUAGES,
    FunctionTest,
    GeneratedTest,
    NotebookTest,
    Problem,
    StdioTest,
)

EXTENSIONS = {"python": "py", "javascript": "js", "java": "java", "cpp": "cpp"}
MAX_TEST_FILE_BYTES = 32 * 2**20
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


class ProblemError(Exception):
    """A problem file is wrong: where (file, line) and what."""

    def __init__(self, file: Path | str, message: str, line: int | None = None):
        self.file, self.message, self.line = str(file), message, line
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class UnknownProblem(KeyError):
    pass


@dataclass
class Test:
    """One test, as the grader needs it. `input` is a function's arguments (by name) or stdin."""

    name: str
    hidden: bool
    input: Any = None  # dict (function) | str (stdio) | None (generated, notebook)
    expected: Any = None  # function result | stdout str | None (generated, notebook)
    generate: dict | None = None
    code: str | None = None  # notebook assertions


@dataclass
class LoadedProblem:
    meta: Problem
    path: Path
    statement: str
    visible: list[Test] = field(default_factory=list)
    hidden: list[Test] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def tests(self) -> list[Test]:
        return self.visible + self.hidden

    def source(self, folder: str, language: str) -> str | None:
        path = self.path / folder / f"{language}.{EXTENSIONS[language]}"
        return path.read_text() if path.is_file() else None

    def starter(self, language: str) -> str | None:
        return self.source("starter", language)

    def solution(self, language: str) -> str | None:
        return self.source("solutions", language)

    @property
    def generator(self) -> Path | None:
        path = self.path / "tests" / "generate.py"
        return path if path.is_file() else None

    @property
    def checker_file(self) -> Path | None:
        path = self.path / "checker.py"
        return path if path.is_file() else None

    def summary(self) -> dict:
        m = self.meta
        return {
            "id": m.id,
            "title": m.title,
            "difficulty": m.difficulty,
            "kind": m.kind,
            "tags": m.tags,
            "languages": m.languages,
            "visible_tests": len(self.visible),
            "hidden_tests": len(self.hidden),
        }

    def public(self) -> dict:
        """What a candidate may see: metadata, statement, starter code, visible tests."""
        return {
            **self.summary(),
            "limits": self.meta.limits.model_dump(),
            "checker": self.meta.checker,
            "function": self.meta.function.model_dump() if self.meta.function else None,
            "statement": self.statement,
            "starter": {lang: self.starter(lang) for lang in self.meta.languages if self.starter(lang)},
            "examples": [public_test(t) for t in self.visible],
        }


def public_test(test: Test) -> dict:
    out: dict[str, Any] = {"name": test.name}
    if test.generate is not None:
        out["generate"] = test.generate
    elif test.code is not None:
        out["code"] = test.code
    else:
        out["input"], out["expected"] = test.input, test.expected
    return out


# -- reading files -------------------------------------------------------------------------
def _yaml_line(node: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the YAML node at loc (as deep as it exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(key)]
            if not match:
                break
            node = match[0][1]
            line = match[0][0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_message(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    return f"{loc}: {err['msg']}" if loc else err["msg"]


def load_metadata(path: Path) -> Problem:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ProblemError(path, f"YAML: {getattr(e, 'problem', None) or e}", line) from e
    if not isinstance(data, dict):
        raise ProblemError(path, "must be a YAML mapping (id:, title:, ...)", 1)
    try:
        return Problem.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        raise ProblemError(path, _field_message(err), _yaml_line(node, tuple(err["loc"]))) from e


def _json_test_line(text: str, index: int, name: Any) -> int | None:
    """The line of test `index` in a tests JSON file: where its name is, else its opening brace."""
    if isinstance(name, str):
        at = text.find(json.dumps(name))
        if at >= 0:
            return text.count("\n", 0, at) + 1
    depth, count = 0, -1
    for i, ch in enumerate(text):
        if ch == "{":
            if depth == 1:
                count += 1
                if count == index:
                    return text.count("\n", 0, i) + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "[" and depth == 0:
            depth = 1
    return None


def _check_value(value: Any, type_: str, where: str) -> None:
    """Does a JSON value fit a declared type?"""
    if type_.endswith("[]"):
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected {type_}, got {type(value).__name__}")
        for i, item in enumerate(value):
            _check_value(item, type_[:-2], f"{where}[{i}]")
        return
    ok = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and INT32[0] <= v <= INT32[1],
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool) and INT64[0] <= v <= INT64[1],
        "double": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
        "bool": lambda v: isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
    }[type_](value)
    if not ok:
        raise ValueError(f"{where}: {json.dumps(value)[:60]} is not a {type_}")


def load_tests(path: Path, meta: Problem, hidden: bool, generator: bool) -> list[Test]:
    if not path.is_file():
        return []
    if path.stat().st_size > MAX_TEST_FILE_BYTES:
        raise ProblemError(path, f"larger than {MAX_TEST_FILE_BYTES // 2**20} MiB: use tests/generate.py")
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProblemError(path, f"JSON: {e.msg}", e.lineno) from e
    if not isinstance(data, list):
        raise ProblemError(path, "must be a JSON list of tests", 1)
    tests, names = [], set()
    for i, raw in enumerate(data):
        name = raw.get("name") if isinstance(raw, dict) else None
        line = _json_test_line(text, i, name)
        try:
            test = _test(raw, meta, hidden, generator)
        except ValidationError as e:
            raise ProblemError(path, f"test {i}: {_field_message(e.errors()[0])}", line) from e
        except ValueError as e:
            raise ProblemError(path, f"test {i} ({name}): {e}", line) from e
        if test.name in names:
            raise ProblemError(path, f"test {i}: the name {test.name!r} is used twice", line)
        names.add(test.name)
        tests.append(test)
    return tests


def _validate(model: type[BaseModel], raw: Any) -> BaseModel:
    if not isinstance(raw, dict):
        raise ValueError("a test must be a JSON object")
    return model.model_validate(raw)


def _test(raw: Any, meta: Problem, hidden: bool, generator: bool) -> Test:
    if meta.kind == "notebook":
        t = _validate(NotebookTest, raw)
        return Test(t.name, hidden, code=t.code)
    if isinstance(raw, dict) and "generate" in raw:
        g = _validate(GeneratedTest, raw)
        if not generator:
            raise ValueError("a generated test needs tests/generate.py")
        return Test(g.name, hidden, generate=g.generate)
    if meta.kind == "stdio":
        s = _validate(StdioTest, raw)
        return Test(s.name, hidden, input=s.stdin, expected=s.stdout)
    f = _validate(FunctionTest, raw)
    check_arguments(meta, f.input)
    if meta.checker != "custom":
        _check_value(f.output, meta.function.returns, "output")
    return Test(f.name, hidden, input=f.input, expected=f.output)


def check_arguments(meta: Problem, args: Any) -> None:
    """A function test's input: exactly the declared parameters, each of its type."""
    if not isinstance(args, dict):
        raise ValueError("input must be an object of the function's parameters")
    declared = [p.name for p in meta.function.params]
    if set(args) != set(declared):
        raise ValueError(f"input has {sorted(args)}, the function takes {declared}")
    for p in meta.function.params:
        _check_value(args[p.name], p.type, f"input.{p.name}")


def load_problem(folder: Path) -> LoadedProblem:
    """Read and check one problem folder; ProblemError on the first mistake."""
    meta_file = folder / "problem.yaml"
    if not meta_file.is_file():
        raise ProblemError(folder, "no problem.yaml")
    meta = load_metadata(meta_file)
    if meta.id != folder.name:
        raise ProblemError(meta_file, f"id {meta.id!r} differs from the folder's name {folder.name!r}", 1)
    statement = folder / "statement.md"
    if not statement.is_file():
        raise ProblemError(folder, "no statement.md")
    gen = (folder / "tests" / "generate.py").is_file()
    problem = LoadedProblem(
        meta,
        folder,
        statement.read_text(encoding="utf-8"),
        load_tests(folder / "tests" / "visible.json", meta, False, gen),
        load_tests(folder / "tests" / "hidden.json", meta, True, gen),
    )
    if not problem.tests:
        raise ProblemError(folder / "tests", "no tests (visible.json, hidden.json)")
    if meta.checker == "custom" and problem.checker_file is None:
        raise ProblemError(meta_file, "checker: custom needs checker.py", _line_of(meta_file, "checker"))
    for lang in meta.languages:
        if problem.solution(lang) is None:
            raise ProblemError(
                folder / "solutions",
                f"no reference solution for {lang} (solutions/{lang}.{EXTENSIONS[lang]})",
            )
        if problem.starter(lang) is None:
            raise ProblemError(
                folder / "starter", f"no starter code for {lang} (starter/{lang}.{EXTENSIONS[lang]})"
            )
    return problem


def _line_of(path: Path, key: str) -> int | None:
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return None


def default_bank_dir() -> str:
    return os.environ.get("INTERVIEWHUB_PROBLEMS_DIR") or str(Path(__file__).with_name("bank"))


class ProblemBank(LoggingConfigurable):
    """The problems the platform serves, read from `path` (cached until a folder changes)."""

    path = Unicode(
        help="Folder of problem folders (INTERVIEWHUB_PROBLEMS_DIR; default: the built-in bank)."
    ).tag(config=True)

    @default("path")
    def _path(self) -> str:
        return default_bank_dir()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cache: dict[str, tuple[float, LoadedProblem]] = {}

    def folders(self) -> list[Path]:
        root = Path(self.path)
        if not root.is_dir():
            return []
        return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))

    def get(self, problem_id: str) -> LoadedProblem:
        from .model import ID_RE

        if not isinstance(problem_id, str) or not ID_RE.match(problem_id):
            raise UnknownProblem(problem_id)
        folder = Path(self.path) / problem_id
        if not (folder / "problem.yaml").is_file():
            raise UnknownProblem(problem_id)
        stamp = _stamp(folder)
        hit = self._cache.get(problem_id)
        if hit and hit[0] == stamp:
            return hit[1]
        problem = load_problem(folder)
        self._cache[problem_id] = (stamp, problem)
        return problem

    def load_all(self) -> tuple[list[LoadedProblem], list[ProblemError]]:
        problems, errors = [], []
        for folder in self.folders():
            try:
                problems.append(
                    self.get(folder.name) if (folder / "problem.yaml").is_file() else load_problem(folder)
                )
            except UnknownProblem:
                errors.append(ProblemError(folder, "not a lowercase-kebab problem id"))
            except ProblemError as e:
                errors.append(e)
            except (OSError, UnicodeDecodeError) as e:
                errors.append(ProblemError(folder, f"unreadable: {e}"))
        return problems, errors


def _stamp(folder: Path) -> float:
    """Newest change time of the folder's files (cheap enough for a bank of dozens of problems)."""
    newest = 0.0
    for dirpath, _, files in os.walk(folder):
        newest = max(newest, os.stat(dirpath).st_mtime)
        for name in files:
            newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
    return newest


__all__ = [
    "LANGUAGES",
    "LoadedProblem",
    "ProblemBank",
    "ProblemError",
    "Test",
    "UnknownProblem",
    "load_problem",
]
