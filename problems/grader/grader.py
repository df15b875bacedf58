"""The grader: runs a submission against a problem's tests in fresh sandboxes, one verdict a test.

Function and notebook problems run in batches: one sandboxed process per worker gets one test
input at a time on stdin and answers one result line; the grader times each test from outside
(handing the input over -> reading the result) and reads the cgroup's peak memory. When a
batch process fails (time or memory limit, crash, output flood) that test is run again alone
in a fresh process, whose outcome is the verdict, and a new batch process takes the rest: the
verdicts are those of one process per test, at the cost of one process start per worker.
Stdio problems run one process per test. Expected outputs never enter a sandbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from traitlets import Dict, Float, Instance, Integer, Unicode, default
from traitlets.config import LoggingConfigurable

from ..kernels.sandbox import CpuWatch, Sandbox, SandboxProcess, exit_status
from . import harness
from .bank import LoadedProblem, ProblemBank, Test, UnknownProblem
from .model import LANGUAGES

ACCEPTED = "Accepted"
WRONG = "Wrong Answer"
TLE = "Time Limit Exceeded"
MLE = "Memory Limit Exceeded"
RE = "Runtime Error"
CE = "Compilation Error"
OLE = "Output Limit Exceeded"
VERDICTS = (ACCEPTED, WRONG, TLE, MLE, RE, CE, OLE)
STDERR_TAIL = 4000
HARNESS_VERSION = "1"


class GradeError(ValueError):
    """The submission cannot be graded at all (too big, not text, unknown problem or language)."""


@dataclass
class TestResult:
    name: str
    hidden: bool
    verdict: str
    time_ms: float = 0.0
    memory_kb: int = 0
    expected: Any = None
    actual: Any = None
    message: str = ""  # stderr tail, error text or the checker's remark

    def to_dict(self, reveal_hidden: bool, index: int) -> dict:
        out = asdict(self)
        out["time_ms"] = round(self.time_ms, 1)
        if self.hidden and not reveal_hidden:
            out.update(name=f"hidden test {index}", expected=None, actual=None, message="")
        if self.verdict != WRONG and not (self.hidden and reveal_hidden):
            out.update(expected=None, actual=None)
        return out


@dataclass
class GradeResult:
    problem: str
    language: str
    verdict: str
    tests: list[TestResult] = field(default_factory=list)
    compile_ms: float = 0.0
    wall_ms: float = 0.0
    compile_output: str = ""

    @property
    def passed(self) -> int:
        return sum(t.verdict == ACCEPTED for t in self.tests)

    def to_dict(self, reveal_hidden: bool = False) -> dict:
        hidden_index = iter(range(1, 10**9))
        return {
            "problem": self.problem,
            "language": self.language,
            "verdict": self.verdict,
            "passed": self.passed,
            "total": len(self.tests),
            "compile_ms": round(self.compile_ms, 1),
            "wall_ms": round(self.wall_ms, 1),
            "compile_output": self.compile_output,
            "tests": [t.to_dict(reveal_hidden, next(hidden_index) if t.hidden else 0) for t in self.tests],
        }


# -- comparing outputs -----------------------------------------------------------------------
def same(expected: Any, actual: Any, tolerance: float | None = None) -> bool:
    """Equality of JSON values that keeps bool and numbers apart; floats within tolerance."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if tolerance is None:
            return expected == actual
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            same(e, a, tolerance) for e, a in zip(expected, actual, strict=False)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[k], actual[k], tolerance) for k in expected
        )
    return type(expected) is type(actual) and expected == actual


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def check(checker: str, expected: Any, actual: Any, stdio: bool) -> bool:
    """The built-in checkers (custom ones run in a sandbox, see Grader._custom_check)."""
    if stdio:
        exp = [line.rstrip() for line in str(expected).rstrip().split("\n")]
        act = [line.rstrip() for line in str(actual).rstrip().split("\n")]
        if checker == "float":
            exp_t, act_t = " ".join(exp).split(), " ".join(act).split()
            if len(exp_t) != len(act_t):
                return False
            for e, a in zip(exp_t, act_t, strict=False):
                try:
                    if not math.isclose(float(e), float(a), rel_tol=1e-6, abs_tol=1e-6):
                        return False
                except ValueError:
                    if e != a:
                        return False
            return True
        if checker == "unordered":
            return sorted(exp) == sorted(act)
        return exp == act
    if checker == "float":
        return same(expected, actual, 1e-6)
    if checker == "unordered" and isinstance(expected, list) and isinstance(actual, list):
        return sorted(map(_canon, expected)) == sorted(map(_canon, actual))
    return same(expected, actual)


# -- talking to a batch harness ----------------------------------------------------------------
class Channel:
    """Line reads from a sandboxed process's stdout with a deadline, draining stderr, output capped."""

    def __init__(self, proc: SandboxProcess, output_limit: int):
        self.proc = proc
        self.limit = output_limit
        self.total = 0
        self.buffer = b""
        self.stderr = bytearray()
        self.exceeded = False
        self.eof = False  # stdout closed: the process is ending on its own
        self.stopped = False  # readline's stop() said so
        self.sel = selectors.DefaultSelector()
        for stream in (proc.popen.stdout, proc.popen.stderr):
            os.set_blocking(stream.fileno(), False)
            self.sel.register(stream.fileno(), selectors.EVENT_READ, stream is proc.popen.stdout)

    def send(self, line: bytes) -> bool:
        try:
            self.proc.popen.stdin.write(line)
            self.proc.popen.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def readline(self, deadline: float, stop=None) -> bytes | None:
        """The next stdout line; None at EOF, the deadline, the output cap (.exceeded) or when
        `stop()`, checked every 20 ms, is true (.stopped)."""
        self.stopped = False
        wrote = getattr(stop, "output", None)  # CpuWatch: a program writing is not idle
        while True:
            nl = self.buffer.find(b"\n")
            if nl >= 0:
                line, self.buffer = self.buffer[:nl], self.buffer[nl + 1 :]
                return line
            if not self.sel.get_map():
                return None
            wait = deadline - time.monotonic()
            if wait <= 0:
                return None
            if stop is not None:
                if stop():
                    self.stopped = True
                    return None
                wait = min(wait, 0.02)
            for key, _ in self.sel.select(wait):
                try:
                    data = os.read(key.fd, 1 << 16)
                except BlockingIOError:
                    continue
                if not data:
                    self.sel.unregister(key.fd)
                    self.eof |= bool(key.data)
                    continue
                self.total += len(data)
                if wrote is not None:
                    wrote()
                if self.total > self.limit:
                    self.exceeded = True
                    return None
                if key.data:
                    self.buffer += data
                else:
                    self.stderr += data
                    del self.stderr[: max(0, len(self.stderr) - 4 * STDERR_TAIL)]

    def stderr_tail(self) -> str:
        return self.stderr.decode("utf-8", "replace")[-STDERR_TAIL:]

    def close(self) -> None:
        self.sel.close()


@dataclass
class _Outcome:
    """What one test did in a process: a result line, or how the process failed."""

    reply: dict | None
    time_ms: float
    memory: int
    failure: str | None = None  # TLE | MLE | OLE | RE
    stderr: str = ""


def _default_deno() -> str:
    root = Path(__file__).resolve().parent.parent
    for candidate in (
        os.environ.get("INTERVIEWHUB_DENO", ""),
        root / "node_modules/@deno/linux-x64-glibc/deno",
        root / "node_modules/deno/deno",
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("deno") or "deno"


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
        return _default_deno()

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
        self._pch: str | None | bool = False
        self._cds: str | None | bool = False

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
        h.update(_canon(test.generate).encode())
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
                _canon(test.generate).encode(),
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
        tools = {"python": self.python, "deno": self.deno}
        pch = self.cpp_pch() if language == "cpp" else None
        if pch:
            tools["cpp_pch"] = pch
            obj = self.cpp_harness()
            if obj:
                tools["cpp_harness"] = obj
        cds = self.javac_cds() if language == "java" else None
        if cds:
            tools["javac_cds"] = cds
        return tools

    def cpp_harness(self) -> str | None:
        """The generic part of the C++ function harness as an object file (built once, hub side)."""
        from .harness.cpp import FLAGS, GENERIC

        with self._lock:
            digest = hashlib.sha256((GENERIC + " ".join(FLAGS)).encode()).hexdigest()[:16]
            folder = Path(self.cache_dir) / f"cpp-harness-{digest}"
            obj = folder / "harness.o"
            if not obj.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                for p in (Path(self.cache_dir), folder):
                    p.chmod(0o755)
                src = folder / "harness.cpp"
                src.write_text(GENERIC)
                tmp = folder / "harness.o.tmp"
                done = subprocess.run(
                    ["g++", *FLAGS, "-c", "-x", "c++", str(src), "-o", str(tmp)],
                    capture_output=True,
                    text=True,
                )
                if done.returncode == 0:
                    tmp.chmod(0o644)
                    tmp.replace(obj)
                else:
                    self.log.error("Building the C++ harness failed:\n%s", done.stderr[-3000:])
            return str(obj) if obj.is_file() else None

    def javac_cds(self) -> str | None:
        """A class-data-sharing archive of javac's own classes (built once, hub side): javac
        starts ~30% faster from it. Its folder is mounted read-only into compile sandboxes."""
        with self._lock:
            if self._cds is not False and (self._cds is None or Path(self._cds).is_file()):
                return self._cds
            version = subprocess.run(["javac", "-version"], capture_output=True, text=True).stdout.split()[
                -1:
            ]
            folder = Path(self.cache_dir) / f"javac-cds-{'-'.join(version) or 'unknown'}"
            archive = folder / "javac.jsa"
            if not archive.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                for p in (Path(self.cache_dir), folder):
                    p.chmod(0o755)
                from .harness.java import JAVAC_FLAGS

                with tempfile.TemporaryDirectory() as tmp:
                    src = Path(tmp) / "Main.java"
                    src.write_text(
                        "import java.util.*;\npublic class Main { public static void main(String[] a) {"
                        " Map<Integer, List<int[]>> m = new HashMap<>(); System.out.println(m); } }\n"
                    )
                    subprocess.run(
                        ["javac", *JAVAC_FLAGS, f"-J-XX:ArchiveClassesAtExit={archive}", "-d", tmp, str(src)],
                        capture_output=True,
                    )
                if archive.is_file():
                    archive.chmod(0o644)
            self._cds = str(archive) if archive.is_file() else None
            return self._cds

    def cpp_pch(self) -> str | None:
        """A precompiled <bits/stdc++.h> (built once, hub side) that makes C++ compiles ~4x faster."""
        with self._lock:
            if self._pch is not False and (self._pch is None or Path(self._pch).is_dir()):
                return self._pch
            from .harness.cpp import FLAGS

            version = subprocess.run(
                ["g++", "-dumpfullversion"], capture_output=True, text=True
            ).stdout.strip()
            folder = Path(self.cache_dir) / f"pch-{version}-{'_'.join(f.strip('-') for f in FLAGS)}"
            target = folder / "bits" / "stdc++.h.gch"
            if not target.is_file():
                header = subprocess.run(
                    ["g++", *FLAGS, "-H", "-fsyntax-only", "-x", "c++", "-"],
                    input="#include <bits/stdc++.h>\n",
                    capture_output=True,
                    text=True,
                ).stderr.splitlines()
                source = next((h.split()[-1] for h in header if h.endswith("bits/stdc++.h")), None)
                if source:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    for p in (Path(self.cache_dir), folder, target.parent):
                        p.chmod(0o755)
                    tmp = target.with_suffix(".tmp")
                    done = subprocess.run(["g++", *FLAGS, "-x", "c++-header", source, "-o", str(tmp)])
                    # the header itself too: a second #include of it must find a file next to the .gch
                    shutil.copyfile(source, target.parent / "stdc++.h")
                    (target.parent / "stdc++.h").chmod(0o644)
                    if done.returncode == 0:
                        tmp.chmod(0o644)
                        tmp.replace(target)
            self._pch = str(folder) if target.is_file() else None
            return self._pch

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

    def run_tests(self, problem: LoadedProblem, language: str, code: str, tests: list[Test]) -> GradeResult:
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
            runner = _Runner(self, sandbox, program, limit_ms, stdio=meta.kind == "stdio")
            outcomes = runner.run([_payload(meta, t) for t in tests])
            if runner.compile_error is not None:
                return self._all(result, tests, CE, runner.compile_error.replace("/box/", ""), started)
        result.tests = [self._verdict(meta, t, o, language) for t, o in zip(tests, outcomes, strict=False)]
        if meta.checker == "custom":
            self._custom_check(problem, tests, result.tests)
        result.verdict = next((t.verdict for t in result.tests if t.verdict != ACCEPTED), ACCEPTED)
        result.wall_ms = (time.monotonic() - started) * 1000
        return result

    def _all(self, result: GradeResult, tests: list[Test], verdict: str, message: str, started: float):
        result.verdict = verdict
        result.compile_output = message
        result.tests = [TestResult(t.name, t.hidden, verdict) for t in tests]
        result.wall_ms = (time.monotonic() - started) * 1000
        return result

    def _verdict(self, meta, test: Test, o: _Outcome, language: str) -> TestResult:
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


class _Runner:
    """Runs the tests of one compiled submission on `workers` sandboxes at once."""

    def __init__(
        self, grader: Grader, sandbox: Sandbox, program: harness.Program, limit_ms: float, stdio: bool
    ):
        self.g, self.sandbox, self.program, self.stdio = grader, sandbox, program, stdio
        self.limit_ms = limit_ms
        self.compile_error: str | None = None

    def run(self, tests: list[Test]) -> list[_Outcome]:
        workers = max(1, min(self.g.workers, len(tests)))
        outcomes: list[_Outcome | None] = [None] * len(tests)
        if self.stdio:
            with ThreadPoolExecutor(workers) as pool:
                for i, o in zip(range(len(tests)), pool.map(self.stdio_test, tests), strict=False):
                    outcomes[i] = o
            return outcomes
        shares = [list(range(k, len(tests), workers)) for k in range(workers)]
        with ThreadPoolExecutor(workers) as pool:
            for share, got in zip(
                shares, pool.map(lambda s: self.batch([tests[i] for i in s]), shares), strict=False
            ):
                for i, o in zip(share, got, strict=False):
                    outcomes[i] = o
        if self.compile_error is None and any(o is None for o in outcomes):
            raise RuntimeError("the harness did not answer every test")
        return outcomes  # type: ignore[return-value]

    # -- stdio: one process per test ---------------------------------------------------------------
    def stdio_test(self, test: Test) -> _Outcome:
        """One process; its time is the CPU time of the whole sandbox (start-up included, as in
        other judges). It is stopped past the limit in CPU time or after 2 s idle (a sleeping
        program is TLE) and at 10x the limit + 2 s of wall time (a busy host does not make an
        honest one TLE)."""
        wall = (10 * self.limit_ms + 2000) / 1000
        cpu = (self.limit_ms + self.g.grace_ms) / 1000
        res = self.sandbox.run(
            self.program.run, str(test.input).encode(), timeout=wall, cpu_timeout=cpu, idle_timeout=2.0
        )
        spent = res.cpu_ms if res.cpu_ms is not None else res.wall_ms
        o = _Outcome({"stdout": res.stdout.decode("utf-8", "replace")}, spent, res.peak_memory_bytes)
        stderr = res.stderr.decode("utf-8", "replace")[-STDERR_TAIL:]
        if res.output_exceeded:
            o.failure = OLE
        elif res.oom:
            o.failure = MLE
        elif res.timed_out or spent > self.limit_ms:
            o.failure = TLE
        elif res.exit_code != 0:
            o.failure, o.stderr = _crash_verdict(stderr), stderr or _signal_text(res.signal, res.exit_code)
        return o

    # -- function / notebook: batches --------------------------------------------------------------
    def batch(self, tests: list[Test]) -> list[_Outcome]:
        out: list[_Outcome] = []
        while len(out) < len(tests) and self.compile_error is None:
            got = self._process(tests[len(out) :], single=False)
            out += got
            if got and got[-1].failure:
                continue  # a final verdict (TLE on CPU time): go on in a fresh process
            if len(out) < len(tests):
                # the process failed on tests[len(out)]: its verdict comes from a run of its own
                out += self._process([tests[len(out)]], single=True)
        return out

    def _process(self, tests: list[Test], single: bool) -> list[_Outcome]:
        """Run tests in one process until one fails; in single mode that failure is the verdict."""
        proc = self.sandbox.popen(self.program.run)
        chan = Channel(proc, self.g.output_limit_bytes)
        out: list[_Outcome] = []
        try:
            hello = _json(chan.readline(time.monotonic() + self.g.startup_timeout))
            if hello is not None and "compile_error" in hello:
                self.compile_error = str(hello["compile_error"])[-STDERR_TAIL:]
                return []
            if hello is None:  # died or hung while starting
                if not single:
                    return []
                o = self._failure(proc, chan)
                if o.failure == RE:  # it never started: a load error of the whole submission
                    self.compile_error = o.stderr or "the program did not start"
                    return []
                return [o]
            for test in tests:
                proc.reset_peak_memory()
                line = (json.dumps(test.input) + "\n").encode()
                t0, cpu0 = time.monotonic(), proc.cpu_ms()
                over = None
                if cpu0 is not None:  # stop once past the limit in CPU time, or idle (sleeping, blocked)
                    over = CpuWatch(proc, self.limit_ms + self.g.grace_ms, 2000, self.limit_ms)
                reply = None
                if chan.send(line):
                    reply = _json(chan.readline(t0 + self.watchdog_ms(len(line)) / 1000, over))
                elapsed = self._spent(proc, cpu0, t0, reply)
                if reply is not None and elapsed <= self.limit_ms and not chan.exceeded:
                    out.append(_Outcome(reply, elapsed, proc.peak_memory(), stderr=chan.stderr_tail()))
                    chan.stderr.clear()
                    continue
                if chan.stopped or (reply is not None and not chan.exceeded and cpu0 is not None):
                    # CPU time past the limit: TLE whatever the load; no run of its own needed
                    proc.kill()
                    return [*out, _Outcome(None, elapsed, proc.peak_memory(), failure=TLE)]
                if not single:
                    return out
                o = self._failure(proc, chan)
                if reply is not None and not chan.exceeded:
                    o.failure, o.stderr = TLE, ""  # answered, but after the limit
                o.time_ms = elapsed
                return [o]
            return out
        finally:
            chan.close()
            proc.close()

    def watchdog_ms(self, input_bytes: int) -> float:
        """How long a test may take in wall time before it is killed. Generous (10x the limit
        + 2 s, + 0.25 s per MB of input to move): CPU time decides the verdict and a busy host
        must not fail an honest solution; CpuWatch stops spinning and idle ones much sooner."""
        if self.timing == "wall":
            return self.limit_ms + self.g.grace_ms + 250 * input_bytes / 2**20
        return 10 * self.limit_ms + 2000 + 250 * input_bytes / 2**20

    @property
    def timing(self) -> str:
        return "cpu" if self.sandbox.use_cgroups and os.geteuid() == 0 else "wall"

    def _spent(self, proc: SandboxProcess, cpu0: float | None, t0: float, reply: dict | None) -> float:
        """A test's time: CPU time of the whole sandbox while it ran the test (reading the input
        and the call; all threads) when cgroups measure it, else the harness's own wall-clock
        timing of the call, never more than the grader saw from outside."""
        elapsed = (time.monotonic() - t0) * 1000
        cpu = proc.cpu_ms()
        if cpu0 is not None and cpu is not None:
            return cpu - cpu0
        ms = (reply or {}).get("ms")
        if isinstance(ms, int | float) and 0 <= ms <= elapsed:
            return float(ms)
        return elapsed

    def _failure(self, proc: SandboxProcess, chan: Channel) -> _Outcome:
        """Why a process stopped answering: output flood, memory, time or a crash."""
        if chan.eof and not chan.exceeded:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.popen.wait(2)  # it closed its output: let it finish dying, it did not hang
        alive = proc.popen.poll() is None and not chan.eof
        proc.kill()
        code, sig = exit_status(proc.popen.wait())
        stderr = chan.stderr_tail()
        o = _Outcome(None, 0.0, proc.peak_memory(), stderr=stderr)
        if chan.exceeded:
            o.failure = OLE
        elif proc.oom_killed() or (not alive and _out_of_memory(stderr)):
            o.failure = MLE
        elif alive:
            o.failure, o.stderr = TLE, ""
        else:
            o.failure = RE
            o.stderr = stderr.replace("/box/", "") or _signal_text(sig, code)
        return o


def _payload(meta, test: Test) -> Test:
    """The test as the harness gets it: arguments in declared order, assertions, or stdin."""
    if meta.kind == "function":
        return Test(test.name, test.hidden, input=[test.input[p.name] for p in meta.function.params])
    if meta.kind == "notebook":
        return Test(test.name, test.hidden, input=[test.code])
    return test


def _json(line: bytes | None) -> dict | None:
    if line is None:
        return None
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


_OOM_RE = re.compile(r"out of memory|OutOfMemoryError|bad_alloc|MemoryError|heap limit", re.I)


def _out_of_memory(stderr: str) -> bool:
    return bool(_OOM_RE.search(stderr))


def _crash_verdict(stderr: str) -> str:
    return MLE if _out_of_memory(stderr) else RE


def _signal_text(sig: int | None, code: int | None) -> str:
    if sig:
        import signal as _signal

        with contextlib.suppress(ValueError):
            return f"killed by {_signal.Signals(sig).name}"
        return f"killed by signal {sig}"
    return f"exit status {code}"
