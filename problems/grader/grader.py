"""The grader: runs a submission against a problem's tests in fresh sandboxes, one verdict a test.

This module is the orchestration (check the submission, resolve and generate tests, compile,
run, judge each outcome, custom checkers); batches.py schedules the tests onto sandboxes,
protocol.py talks to the harness, limits.py decides about time, verdicts.py compares outputs.
Expected outputs never enter a sandbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from traitlets import Dict, Float, Instance, Integer, List, Unicode, default
from traitlets.config import LoggingConfigurable

from ...kernels.sandbox import Sandbox
from .. import harness
from ..bank import LoadedProblem, ProblemBank, Test, UnknownProblem
from ..model import LANGUAGES
from .batches import Progress, Runner
from .limits import Limits
from .protocol import HARNESS_VERSION, Outcome, payload
from .toolchain import Toolchain, default_deno
from .verdicts import (
    ACCEPTED,
    CE,
    MLE,
    OLE,
    RE,
    STDERR_TAIL,
    TLE,
    WRONG,
    GradeError,
    GradeResult,
    TestResult,
    canon,
    check,
    overall,
)


class Grader(LoggingConfigurable):
    """Grades submissions; thread-safe, one instance per process is enough."""

    bank = Instance(ProblemBank)
    max_submission_bytes = Integer(64 * 1024, help="Largest accepted submission.").tag(config=True)
    workers = Integer(help="Sandboxes running tests at once (default: CPU cores).").tag(config=True)
    time_factors = Dict(
        {"python": 1.0, "javascript": 1.0, "java": 1.0, "cpp": 1.0},
        help="Per-language factor on problem.yaml's time_ms (which is set for Python).",
    ).tag(config=True)
    grace_ms = Integer(150, help="How long past the time limit a test may run before it is killed.").tag(
        config=True
    )
    compile_timeout = Float(30.0, help="Seconds a compilation may take.").tag(config=True)
    startup_timeout = Float(10.0, help="Seconds a harness may take to start (JVM, imports).").tag(config=True)
    output_limit_bytes = Integer(16 * 2**20, help="stdout + stderr of one process; more is OLE.").tag(
        config=True
    )
    pids_limit = Integer(64, help="Processes and threads of a submission.").tag(config=True)
    uid = Integer(59999, help="Unprivileged uid (and gid) submissions run as (INTERVIEWHUB_GRADER_UID).").tag(
        config=True
    )
    python = Unicode(help="Python for submissions and generators (default: this venv's).").tag(config=True)
    deno = Unicode(help="Deno executable (INTERVIEWHUB_DENO; default: node_modules of the checkout).").tag(
        config=True
    )
    cache_dir = Unicode(help="Generated tests, the C++ precompiled header, scratch folders.").tag(config=True)
    stop_on = List(
        Unicode(),
        [TLE, MLE, OLE],
        help="Verdicts after which a submission's remaining tests are not run (each would cost as much "
        "again: a never-ending loop the full time limit per test); they get the verdict 'Not Run'.",
    ).tag(config=True)

    @default("bank")
    def _bank(self) -> ProblemBank:
        return ProblemBank(parent=self)

    @default("workers")
    def _workers(self) -> int:
        return max(1, len(os.sched_getaffinity(0)))

    @default("uid")
    def _uid(self) -> int:
        return int(os.environ.get("INTERVIEWHUB_GRADER_UID", "59999"))

    @default("python")
    def _python(self) -> str:
        return sys.executable

    @default("deno")
    def _deno(self) -> str:
        return default_deno()

    @default("cache_dir")
    def _cache_dir(self) -> str:
        if os.environ.get("INTERVIEWHUB_GRADER_CACHE"):
            return os.environ["INTERVIEWHUB_GRADER_CACHE"]
        # must be reachable by the grader uid (root's home is not): /var/cache when root
        return "/var/cache/interviewhub" if os.geteuid() == 0 else str(Path.home() / ".cache/interviewhub")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._lock = threading.Lock()
        self._generated: dict[str, tuple[Any, Any]] = {}
        self._toolchain: Toolchain | None = None

    @property
    def toolchain(self) -> Toolchain:
        with self._lock:
            if self._toolchain is None:
                self._toolchain = Toolchain(self.cache_dir, self.python, self.deno, self.log)
            return self._toolchain

    # -- public ---------------------------------------------------------------------------------
    def check_submission(
        self, problem_id: str, language: str, code: bytes | str
    ) -> tuple[LoadedProblem, str]:
        """The problem and the code as text, or GradeError saying what is wrong."""
        if language not in LANGUAGES:
            raise GradeError(f"unknown language {language!r}; one of: {', '.join(LANGUAGES)}")
        try:
            problem = self.bank.get(problem_id)
        except UnknownProblem:
            raise GradeError(f"unknown problem {problem_id!r}") from None
        if language not in problem.meta.languages:
            raise GradeError(f"{problem_id} is not offered in {language}")
        raw = code.encode("utf-8", "surrogatepass") if isinstance(code, str) else code
        if len(raw) > self.max_submission_bytes:
            raise GradeError(f"submission is {len(raw)} bytes; the limit is {self.max_submission_bytes}")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GradeError("submission is not UTF-8 text") from None
        if "\x00" in text:
            raise GradeError("submission contains NUL bytes: not source code")
        return problem, text

    def grade(self, problem_id: str, language: str, code: bytes | str) -> GradeResult:
        problem, text = self.check_submission(problem_id, language, code)
        tests = self.resolve_tests(problem)
        return self.run_tests(problem, language, text, tests)

    # -- tests -----------------------------------------------------------------------------------
    def resolve_tests(self, problem: LoadedProblem) -> list[Test]:
        """The problem's tests with generated ones filled in (input and expected, cached)."""
        out = []
        for test in problem.tests:
            if test.generate is None:
                out.append(test)
                continue
            inp, expected = self._generated_test(problem, test)
            out.append(Test(test.name, test.hidden, input=inp, expected=expected))
        return out

    def _generated_test(self, problem: LoadedProblem, test: Test) -> tuple[Any, Any]:
        h = hashlib.sha256(HARNESS_VERSION.encode())
        for part in (problem.generator, problem.path / "solutions" / "python.py"):
            h.update(part.read_bytes())
        h.update(canon(test.generate).encode())
        h.update(problem.meta.model_dump_json().encode())
        key = h.hexdigest()[:32]
        with self._lock:
            if key in self._generated:
                return self._generated[key]
        folder = Path(self.cache_dir) / "generated" / problem.id
        file = folder / f"{key}.json"
        if file.is_file():
            data = json.loads(file.read_text())
        else:
            data = self._generate(problem, test)
            folder.mkdir(parents=True, exist_ok=True)
            Path(self.cache_dir, "generated").chmod(0o700)  # expected outputs: never for the grader uid
            tmp = file.with_suffix(".tmp")
            tmp.write_text(json.dumps(data))
            tmp.replace(file)
        with self._lock:
            self._generated[key] = (data["input"], data["expected"])
        return data["input"], data["expected"]

    def _generate(self, problem: LoadedProblem, test: Test) -> dict:
        """Run tests/generate.py (sandboxed: bank content may come from anywhere), then the
        Python reference on its output for the expected result."""
        script = (
            "import json, sys\nsys.path.insert(0, '/box')\nfrom generate import generate\n"
            "sys.stdout.write(json.dumps(generate(**json.loads(sys.stdin.read()))))\n"
        )
        with self._scratch({"generate.py": problem.generator.read_text(), "run.py": script}) as box:
            sandbox = self._sandbox(
                box, memory_mb=1024, program=harness.program("python", problem.meta, "", self.tools())
            )
            res = sandbox.run(
                [os.path.realpath(self.python), "-I", "-S", "/box/run.py"],
                canon(test.generate).encode(),
                timeout=60,
            )
        if not res.ok:
            raise RuntimeError(
                f"{problem.id}: generate.py failed for {test.name!r}: {res.stderr.decode()[-2000:]}"
            )
        inp = json.loads(res.stdout)
        if problem.meta.kind == "stdio" and not isinstance(inp, str):
            raise RuntimeError(f"{problem.id}: generate() must return a str (stdin) for stdio problems")
        ref = self.run_tests(
            problem, "python", problem.solution("python"), [Test(test.name, True, input=inp)]
        )
        only = ref.tests[0]
        if only.verdict not in (ACCEPTED, WRONG):
            raise RuntimeError(
                f"{problem.id}: the Python reference failed on {test.name!r}: {only.verdict} {only.message}"
            )
        return {"input": inp, "expected": only.actual}

    # -- running ---------------------------------------------------------------------------------
    def tools(self, language: str = "python") -> dict[str, str]:
        return self.toolchain.tools(language)

    def cpp_pch(self) -> str | None:
        return self.toolchain.cpp_pch()

    @contextlib.contextmanager
    def _scratch(self, files: dict[str, str]):
        work = Path(self.cache_dir) / "work"
        work.mkdir(parents=True, exist_ok=True)
        Path(self.cache_dir).chmod(0o755)
        work.chmod(0o711)
        box = Path(tempfile.mkdtemp(prefix="box-", dir=work))
        try:
            for name, text in files.items():
                (box / name).write_text(text, encoding="utf-8")
                (box / name).chmod(0o644)
            if os.geteuid() == 0:
                os.chown(box, self.uid, self.uid)
                box.chmod(0o700)  # the grader uid's alone while it runs
            else:
                box.chmod(0o755)
            yield box
        finally:
            shutil.rmtree(box, ignore_errors=True)

    def _sandbox(self, box: Path, memory_mb: int, program: harness.Program, **kw) -> Sandbox:
        return Sandbox(
            parent=self,
            scratch=str(box),
            memory_limit_mb=memory_mb,
            pids_limit=kw.pop("pids", self.pids_limit),
            uid=self.uid,
            ro_binds=program.ro_binds,
            env=["LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp", *program.env],
            output_limit_bytes=self.output_limit_bytes,
            **kw,
        )

    def run_tests(
        self,
        problem: LoadedProblem,
        language: str,
        code: str,
        tests: list[Test],
        progress: Progress | None = None,
    ) -> GradeResult:
        """Grade `code` on `tests`; `progress(done, total, index)` is called (from grading
        threads) as each test gets its outcome."""
        started = time.monotonic()
        meta = problem.meta
        tools = self.tools(language)
        if meta.kind == "notebook" and (problem.path / "data").is_dir():
            tools["data"] = str((problem.path / "data").resolve())
        program = harness.program(language, meta, code, tools)
        result = GradeResult(meta.id, language, ACCEPTED)
        with self._scratch(program.files) as box:
            if program.compile:
                t0 = time.monotonic()
                sandbox = self._sandbox(box, program.compile_memory_mb, program, pids=128, tmp_size_mb=256)
                sandbox.scratch_writable = True
                res = sandbox.run(program.compile, timeout=self.compile_timeout)
                result.compile_ms = (time.monotonic() - t0) * 1000
                if not res.ok:
                    message = (res.stderr + res.stdout).decode("utf-8", "replace").replace("/box/", "")
                    if res.timed_out:
                        message = f"compilation took longer than {self.compile_timeout:g} s\n" + message
                    elif res.oom:
                        message = "the compiler ran out of memory\n" + message
                    return self._all(result, tests, CE, message[-STDERR_TAIL:], started)
            limit_ms = meta.limits.time_ms * float(self.time_factors.get(language, 1.0))
            sandbox = self._sandbox(box, meta.limits.memory_mb + program.memory_overhead_mb, program)
            timing = "cpu" if sandbox.use_cgroups and os.geteuid() == 0 else "wall"
            runner = Runner(
                sandbox,
                program,
                Limits(limit_ms, self.grace_ms, timing),
                workers=self.workers,
                startup_timeout=self.startup_timeout,
                output_limit=self.output_limit_bytes,
                stdio=meta.kind == "stdio",
                stop_on=self.stop_on,
                progress=progress,
            )
            outcomes = runner.run([payload(meta, t) for t in tests])
            if runner.compile_error is not None:
                return self._all(result, tests, CE, runner.compile_error.replace("/box/", ""), started)
        result.tests = [self._verdict(meta, t, o, language) for t, o in zip(tests, outcomes, strict=False)]
        if meta.checker == "custom":
            self._custom_check(problem, tests, result.tests)
        result.verdict = overall(result.tests)
        result.wall_ms = (time.monotonic() - started) * 1000
        return result

    def _all(self, result: GradeResult, tests: list[Test], verdict: str, message: str, started: float):
        result.verdict = verdict
        result.compile_output = message
        result.tests = [TestResult(t.name, t.hidden, verdict) for t in tests]
        result.wall_ms = (time.monotonic() - started) * 1000
        return result

    def _verdict(self, meta, test: Test, o: Outcome, language: str) -> TestResult:
        r = TestResult(test.name, test.hidden, ACCEPTED, o.time_ms, o.memory // 1024, expected=test.expected)
        if o.failure:
            r.verdict, r.message = o.failure, o.stderr
            return r
        reply = o.reply or {}
        if meta.kind == "stdio":
            r.actual = reply.get("stdout", "")
        elif not reply.get("ok"):
            r.verdict = MLE if reply.get("kind") == "memory" else RE
            r.message = (reply.get("error") or "") + ("\n" + o.stderr if o.stderr else "")
            r.message = r.message.replace("/box/", "")[-STDERR_TAIL:]
            return r
        else:
            r.actual = reply.get("result")
        if meta.kind == "notebook":
            if r.actual is not True:
                r.verdict, r.message = WRONG, reply.get("error") or "assertion failed"
            r.expected = r.actual = None
        elif meta.checker != "custom" and test.expected is not None:
            if not check(meta.checker, test.expected, r.actual, meta.kind == "stdio"):
                r.verdict = WRONG
        return r

    def _custom_check(self, problem: LoadedProblem, tests: list[Test], results: list[TestResult]) -> None:
        """checker.py's check(input, expected, actual) for each finished test, in one sandbox."""
        todo = [(t, r) for t, r in zip(tests, results, strict=False) if r.verdict == ACCEPTED]
        if not todo:
            return
        script = (
            "import json, sys\nsys.path.insert(0, '/box')\nfrom checker import check\n"
            "for line in sys.stdin:\n    i, e, a = json.loads(line)\n"
            "    print(json.dumps(bool(check(i, e, a))), flush=True)\n"
        )
        lines = "".join(json.dumps([t.input, t.expected, r.actual]) + "\n" for t, r in todo).encode()
        program = harness.program("python", problem.meta, "", self.tools())
        with self._scratch({"checker.py": problem.checker_file.read_text(), "run.py": script}) as box:
            res = self._sandbox(box, 512, program).run(
                [os.path.realpath(self.python), "-I", "-S", "/box/run.py"], lines, timeout=60
            )
        answers = res.stdout.decode().split()
        for k, (_, r) in enumerate(todo):
            if k >= len(answers) or answers[k] != "true":
                r.verdict = WRONG
                if k >= len(answers):
                    r.message = "the checker failed: " + res.stderr.decode("utf-8", "replace")[-1000:]
