# ruff: noqa: E501  (submissions in four languages, kept one per line)
"""Small problems written into a temporary bank, for the problem-format and grader tests."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ADD_YAML = """\
id: add
title: Add two numbers
difficulty: easy
tags: [math]
kind: function
languages: [python, javascript, java, cpp]
limits: {time_ms: 1000, memory_mb: 128}
checker: exact
function:
  name: add_two
  params: [{name: a, type: long}, {name: b, type: long}]
  returns: long
"""
ADD = {
    "python": "def add_two(a: int, b: int) -> int:\n    return a + b\n",
    "javascript": "function addTwo(a, b) {\n  return a + b;\n}\n",
    "java": "class Solution {\n    public static long addTwo(long a, long b) { return a + b; }\n}\n",
    "cpp": "long long addTwo(long long a, long long b) { return a + b; }\n",
}
# hostile submissions to `add`: an endless loop, a memory hog, a 100 MB print
SLOW = {
    "python": "def add_two(a, b):\n    while True:\n        pass\n",
    "javascript": "function addTwo(a, b) { for (;;) {} }\n",
    "java": "class Solution { public static long addTwo(long a, long b) { while (true) {} } }\n",
    "cpp": "long long addTwo(long long a, long long b) { volatile long long x = 0; for (;;) x++; }\n",
}
HOG = {
    "python": "def add_two(a, b):\n    x = [bytearray(1 << 20) for _ in range(4000)]\n    return len(x)\n",
    "javascript": "function addTwo(a, b) { const x = []; for (;;) x.push(new Uint8Array(1 << 24).fill(1)); }\n",
    "java": "import java.util.*;\nclass Solution { public static long addTwo(long a, long b) {"
    " List<long[]> x = new ArrayList<>(); for (;;) x.add(new long[1 << 17]); } }\n",
    "cpp": "long long addTwo(long long a, long long b) { std::vector<char*> v; for (;;) { char* p = new char[1 << 20];"
    " memset(p, 1, 1 << 20); v.push_back(p); } }\n",
}
FLOOD = {
    "python": "import sys\ndef add_two(a, b):\n    s = 'x' * (1 << 20)\n    for _ in range(100):\n        sys.stdout.write(s)\n    return a + b\n",
    "javascript": "function addTwo(a, b) { const s = 'x'.repeat(1 << 20); for (let i = 0; i < 100; i++) console.log(s); return a + b; }\n",
    "java": 'class Solution { public static long addTwo(long a, long b) { String s = "x".repeat(1 << 20);'
    " for (int i = 0; i < 100; i++) System.out.print(s); return a + b; } }\n",
    "cpp": "long long addTwo(long long a, long long b) { std::string s(1 << 20, 'x'); for (int i = 0; i < 100; i++)"
    " fwrite(s.data(), 1, s.size(), stdout); return a + b; }\n",
}

ECHO_YAML = """\
id: echo
title: Echo
difficulty: easy
kind: function
languages: [python]
limits: {time_ms: 1000, memory_mb: 128}
function:
  name: echo
  params: [{name: s, type: string}]
  returns: string
"""
SUM_YAML = """\
id: sum-lines
title: Sum of numbers
difficulty: easy
kind: stdio
languages: [python, cpp]
limits: {time_ms: 1000, memory_mb: 128}
"""
EXT = {"python": "py", "javascript": "js", "java": "java", "cpp": "cpp"}
HIDDEN_MARK = "expected-output-only-the-hub-knows"


def write_problem(root: Path, pid: str, yaml_text: str, solutions: dict, visible: list, hidden: list) -> Path:
    folder = root / pid
    for sub in ("starter", "solutions", "tests"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "problem.yaml").write_text(yaml_text)
    (folder / "statement.md").write_text(f"# {pid}\n\nExamples below.\n")
    for lang, code in solutions.items():
        (folder / "solutions" / f"{lang}.{EXT[lang]}").write_text(code)
        (folder / "starter" / f"{lang}.{EXT[lang]}").write_text(code)
    (folder / "tests" / "visible.json").write_text(json.dumps(visible, indent=1))
    (folder / "tests" / "hidden.json").write_text(json.dumps(hidden, indent=1))
    return folder


def make_bank(root: Path) -> Path:
    add_tests = [
        {"name": f"add {k}", "input": {"a": k * 1_000_000_007, "b": -k}, "output": k * 1_000_000_007 - k}
        for k in range(6)
    ]
    write_problem(root, "add", ADD_YAML, ADD, add_tests[:2], add_tests[2:])
    write_problem(
        root,
        "echo",
        ECHO_YAML,
        {"python": "def echo(s: str) -> str:\n    return s\n"},
        [{"name": "visible", "input": {"s": "hello"}, "output": "hello"}],
        [{"name": "secret", "input": {"s": HIDDEN_MARK}, "output": HIDDEN_MARK}],
    )
    write_problem(
        root,
        "sum-lines",
        SUM_YAML,
        {
            "python": "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n",
            "cpp": "int main() { long long s = 0, x; while (std::cin >> x) s += x;"
            " std::cout << s << '\\n'; }\n",
        },
        [{"name": "three", "stdin": "1 2 3\n", "stdout": "6\n"}],
        [
            {"name": "none", "stdin": "", "stdout": "0"},
            {"name": "neg", "stdin": "-5\n2", "stdout": "-3   \n\n"},
        ],
    )
    return root


needs_sandbox = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None, reason="grading runs as root with bubblewrap"
)


def make_grader(bank_dir: Path):
    from interviewhub.problems.bank import ProblemBank
    from interviewhub.problems.grader import Grader

    return Grader(bank=ProblemBank(path=str(bank_dir)))


def module_bank(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bank")
    root.chmod(0o755)
    return make_bank(root)
