"""Java 17 kernel: javac + java, one JVM per cell, in the kernel's sandbox.

How cells work (also shown as the kernel banner):

- A cell may hold whole classes (`class`, `interface`, `enum`, `record`). They are kept for
  later cells. If one of them has `static void main`, it runs: a whole file from an editor
  ("Run All Code") is such a cell.
- Top-level methods and fields (e.g. `int sq(int x) { return x * x; }`, `static int N = 5;`)
  become static members of a class `Notebook` and are kept for later cells too.
- Any other top-level code is a snippet: statements run, in order, inside
  `Notebook.main(String[] args)`. Local variables live for that one cell only.
- `import` lines are kept for later cells; java.util.*, java.util.function.*,
  java.util.stream.*, java.io.*, java.math.* and java.nio.file.* are imported in snippets.
- Every cell runs in a fresh JVM: definitions carry over to later cells, values do not (a
  static field starts again from its initializer).
- A later definition with the same name replaces the earlier one. A cell that does not compile
  keeps nothing. Compiler messages say `cell:LINE` (this cell) or `cell[N]:LINE` (cell In [N]).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from traitlets import Bool, List, Unicode

from . import chunks
from .wrapper import CompiledKernel, Plan, RunResult, Source

TYPE_RE = re.compile(
    r"^(?:@[\w.]+(?:\([^)]*\))?\s*)*(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|"
    r"strictfp)\s+)*(class|interface|enum|record|@interface)\s+(\w+)"
)
MODIFIERS = {
    "public",
    "protected",
    "private",
    "static",
    "final",
    "abstract",
    "synchronized",
    "native",
    "strictfp",
}
STATEMENT_WORDS = {
    "if", "for", "while", "do", "switch", "try", "else", "return", "throw", "new", "synchronized", "catch",
    "finally", "yield", "assert", "break", "continue", "var",
}  # fmt: skip
METHOD_RE = re.compile(r"^[\w<>\[\],.?@\s]*?\b(\w+)\s*\([^()]*\)\s*(?:throws\s+[\w.,\s]+)?$")
FIELD_RE = re.compile(r"^[\w<>\[\],.?@\s]+?\b(\w+)\s*(?:=|;|$)")
MAIN_RE = re.compile(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(")
DEFAULT_IMPORTS = (
    "import java.util.*; import java.util.function.*; import java.util.stream.*; import java.io.*; "
    "import java.math.*; import java.nio.file.*;"
)
SNIPPET_CLASS = "Notebook"
# A warm javac: a fresh javac JVM takes ~1 s (more under the sandbox's 1-CPU quota) for a
# hello world, a warm one ~0.1 s. Requests: javac's arguments, tab-separated, one line each.
JAVAC_SERVER = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import javax.tools.*;

public class JavacServer {
    public static void main(String[] argv) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        for (String line; (line = in.readLine()) != null; ) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try {
                rc = javac.run(null, buf, buf, line.split("\t"));
            } catch (Throwable t) {
                t.printStackTrace(new PrintStream(buf, true));
                rc = 99;
            }
            byte[] text = buf.toByteArray();
            out.write(("@@javac " + rc + " " + text.length + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(text);
            out.flush();
        }
    }
}
"""
BANNER = __doc__.split("\n\n", 1)[1].replace(" (also shown as the kernel banner)", "")


@dataclass
class Definition:
    kind: str  # "type" | "member" | "import"
    name: str
    text: str
    label: str
    line: int
    main: bool = False


def classify(code: str) -> tuple[list[Definition], list[chunks.Chunk]]:
    """The cell's definitions (types, static members, imports) and its statements."""
    defs: list[Definition] = []
    statements: list[chunks.Chunk] = []
    for ch in chunks.split(code):
        h = chunks.head(ch.text)
        words = h.split()
        first = words[0] if words else ""
        if first == "package":
            continue
        if first == "import":
            defs.append(Definition("import", h, ch.text.strip(), "cell", ch.line))
            continue
        m = TYPE_RE.match(h)
        if m:
            defs.append(
                Definition("type", m.group(2), ch.text, "cell", ch.line, bool(MAIN_RE.search(ch.text)))
            )
            continue
        plain = re.sub(r"@[\w.]+(\([^)]*\))?\s*", "", h)
        mods = set()
        rest = plain.split()
        while rest and rest[0] in MODIFIERS:
            mods.add(rest.pop(0))
        signature = " ".join(rest)
        block = ch.text.rstrip().endswith("}")
        m = METHOD_RE.match(signature) if block else None
        if (
            m
            and rest
            and rest[0] not in STATEMENT_WORDS
            and m.group(1) not in STATEMENT_WORDS
            and len(rest) > 1
        ):
            text = ch.text if "static" in mods else "static " + ch.text
            defs.append(Definition("member", m.group(1), text, "cell", ch.line, m.group(1) == "main"))
            continue
        if "static" in mods:
            m = FIELD_RE.match(signature)
            defs.append(Definition("member", m.group(1) if m else signature, ch.text, "cell", ch.line))
            continue
        statements.append(ch)
    return defs, statements


class JavaKernel(CompiledKernel):
    implementation = "interviewhub-java"
    language = "java"
    language_info = {
        "name": "java",
        "version": "17",
        "mimetype": "text/x-java",
        "file_extension": ".java",
        "codemirror_mode": "text/x-java",
        "pygments_lexer": "java",
    }
    banner = "Java 17 (javac + java, sandboxed)\n\n" + BANNER

    javac = Unicode("javac").tag(config=True)
    java = Unicode("java").tag(config=True)
    jvm_options = List(
        Unicode(),
        [
            # start fast and fit the kernel's 512 MiB memory cgroup (the JVM cannot see that
            # limit: /sys is not mounted in the sandbox, so it would size itself to the host)
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-XX:-UsePerfData",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:CompressedClassSpaceSize=32m",
            "-XX:MaxMetaspaceSize=96m",
            "-Xmx256m",
        ],
        help="Options of both JVMs (javac's and the program's).",
    ).tag(config=True)
    run_options = List(
        Unicode(), ["-Xss64m"], help="Extra options of the program's JVM (deep recursion)."
    ).tag(config=True)

    compile_server = Bool(True, help="Compile in a long-lived javac JVM (started with the kernel).").tag(
        config=True
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.kept: list[Definition] = []
        self._sources: list[Source] = []
        self._server: subprocess.Popen | None = None
        self._server_lock = threading.Lock()
        if self.compile_server:  # warm it up while the user reads the banner
            threading.Thread(target=self._warm_up, daemon=True).start()

    # -- the warm javac -----------------------------------------------------------------------
    def _warm_up(self) -> None:
        with contextlib.suppress(Exception):
            warm = Path(self.build_root).parent / f"{Path(self.build_root).name}-warm"
            warm.mkdir(exist_ok=True)
            (warm / "Warm.java").write_text(
                "import java.util.*;\npublic class Warm { public static void main(String[] a) {"
                " List<Integer> l = new ArrayList<>(); System.out.println(l); } }\n"
            )
            self._server_compile(["-d", str(warm), str(warm / "Warm.java")], timeout=60, track=False)

    def _start_server(self) -> subprocess.Popen:
        src = Path(self.build_root).parent / f"{Path(self.build_root).name}-server" / "JavacServer.java"
        src.parent.mkdir(exist_ok=True)
        src.write_text(JAVAC_SERVER)
        return subprocess.Popen(
            [self.java, *self.jvm_options, "-Xmx128m", str(src)],  # leaves room for the program
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=self.child_env(),
        )

    def _server_compile(self, args: list[str], timeout: float, track: bool = True) -> RunResult | None:
        """Compile with the warm javac; None if it is not usable (then javac runs as a process)."""
        with self._server_lock:
            if self._server is None or self._server.poll() is not None:
                self._server = self._start_server()
            server = self._server
            if track:
                self._proc = server  # an interrupt kills it (it comes back on the next compile)
            try:
                server.stdin.write(("\t".join(args) + "\n").encode())
                server.stdin.flush()
                fd = server.stdout.fileno()
                data = b""
                deadline = time.monotonic() + timeout
                while True:
                    if b"\n" in data:
                        header, _, rest = data.partition(b"\n")
                        _, rc, size = header.decode().split()
                        if len(rest) >= int(size):
                            return RunResult(int(rc), "", rest[: int(size)].decode(errors="replace"))
                    if track and self._reason == "interrupt":
                        return RunResult(None, "interrupt")
                    if time.monotonic() > deadline:
                        self._kill_group(server)
                        return RunResult(None, "time")
                    ready, _, _ = select.select([fd], [], [], 0.05)
                    if ready:
                        chunk = os.read(fd, 65536)
                        if not chunk:  # it died (memory limit?): fall back to a javac process
                            return None if not self._reason else RunResult(None, self._reason)
                        data += chunk
            except (OSError, ValueError):
                return None if not self._reason else RunResult(None, self._reason)
            finally:
                if track:
                    self._proc = None

    def compile(self, plan: Plan, build: Path) -> RunResult:
        self._reason = ""
        if self.compile_server:
            args = plan.compile[plan.compile.index("-encoding") :]
            args = [a if not a.endswith(".java") else str(build / a) for a in args]
            result = self._server_compile(args, self.compile_time_limit)
            if result is not None:
                return result
        return super().compile(plan, build)

    async def do_shutdown(self, restart: bool) -> dict:
        if self._server is not None:
            self._kill_group(self._server)
        return await super().do_shutdown(restart)

    def child_env(self) -> dict[str, str]:
        env = super().child_env()
        env["MALLOC_ARENA_MAX"] = "2"
        return env

    def plan(self, code: str, label: str, build: Path) -> Plan:
        defs, statements = classify(code)
        new_names = {(d.kind, d.name) for d in defs}
        kept = [d for d in self.kept if (d.kind, d.name) not in new_names]
        imports = [d for d in kept + defs if d.kind == "import"]
        types = [d for d in kept + defs if d.kind == "type"]
        members = [d for d in kept + defs if d.kind == "member"]
        user_main = any(d.main and d.kind == "member" for d in defs)
        main_type = next((d.name for d in defs if d.kind == "type" and d.main), None)

        sources = []
        header_imports = [(d.text, d.label, d.line) for d in imports]
        for t in types:
            src = Source(f"{t.name}.java")
            for text, lab, line in header_imports:
                src.add(text, lab, line)
            src.add(t.text, t.label, t.line)
            sources.append(src)
        snippet = Source(f"{SNIPPET_CLASS}.java")
        snippet.add(DEFAULT_IMPORTS)
        for text, lab, line in header_imports:
            snippet.add(text, lab, line)
        snippet.add(f"public class {SNIPPET_CLASS} {{")
        for m in members:
            if not (m.main and m.label != "cell"):
                snippet.add(m.text, m.label, m.line)
        if statements:
            snippet.add("public static void main(String[] args) throws Throwable {")
            for st in statements:
                snippet.add(st.text, label, st.line)
            snippet.add("}")
        snippet.add("}")
        sources.append(snippet)
        self._sources = sources

        run_class = SNIPPET_CLASS if statements or user_main else main_type
        compile_cmd = [
            self.javac,
            *(f"-J{o}" for o in self.jvm_options),
            "-encoding",
            "UTF-8",
            "-d",
            str(build / "classes"),
            *(s.name for s in sources),
        ]
        run = None
        if run_class:
            run = [self.java, *self.jvm_options, *self.run_options, "-cp", str(build / "classes"), run_class]

        def commit() -> None:
            cell = f"cell[{self.execution_count}]"
            for d in defs:
                d.label = cell
            self.kept = kept + [d for d in defs if not (d.kind == "member" and d.main)]

        return Plan(sources, compile_cmd, run, commit)

    def map_runtime_output(self, text: str) -> str:
        """Stack traces: `(Notebook.java:12)` -> `(cell:3)`."""
        by_name = {s.name: s for s in self._sources}

        def repl(m: re.Match) -> str:
            src = by_name.get(m.group(1))
            origin = src.origin(int(m.group(2))) if src else None
            return f"({origin[0]}:{origin[1]})" if origin else m.group(0)

        return re.sub(r"\(([\w$]+\.java):(\d+)\)", repl, text)


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=JavaKernel)
