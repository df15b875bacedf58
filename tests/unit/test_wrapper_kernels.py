"""The Java 17 and C++17 wrapper kernels, started from our installed kernelspecs by jupyter_client's
KernelManager — so through the sandbox provisioner — as an unprivileged room uid with delegated
cgroups (tests/sandbox_room.py), the way a room server starts them. Plus the cell classifier on
its own (no kernel), for the cell model the banners promise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from interviewhub.kernels import chunks, cpp, java

from tests.sandbox_room import FAKE_TOKEN, ROOT, SPECS, SandboxRoom, alive_kernel, kernel_room

UIDS = {"java": 61731, "cpp": 61732}  # away from the hub's room uids and the other kernel tests

HELLO_FILE = {
    "java": """import java.util.*;

public class Solution {
    static String greet(String who) {
        return "hello " + who;
    }

    public static void main(String[] args) {
        System.out.println(greet("file"));
    }
}
""",
    "cpp": """#include <iostream>
#include <string>

std::string greet(const std::string& who) { return "hello " + who; }

int main() {
    std::cout << greet("file") << std::endl;
    return 0;
}
""",
}
DEFINE = {
    "java": "int sq(int x) { return x * x; }\nrecord Point(int x, int y) {}",
    "cpp": "int sq(int x) { return x * x; }\nstruct Point { int x, y; };",
}
USE = {
    "java": "Point p = new Point(3, 4);\nSystem.out.println(sq(p.x()) + sq(p.y()));",
    "cpp": "Point p{3, 4};\ncout << sq(p.x) + sq(p.y) << endl;",
}
# line 3 of the cell has the error
BROKEN = {
    "java": 'int a = 1;\nint b = 2;\nString s = a + b;\nSystem.out.println("unreachable");',
    "cpp": 'int a = 1;\nint b = 2;\nstring s = a + b;\ncout << "unreachable";',
}
SPIN = {
    "java": 'System.out.println("spinning");\nwhile (true) {}',
    "cpp": 'cout << "spinning" << endl;\nwhile (true) {}',
}
# no explicit flush: a stdout that is a pipe would keep this in the program's buffer and lose it
PRINT_THEN_SPIN = {
    "java": 'System.out.print("partial line\\n");\nwhile (true) {}',
    "cpp": 'printf("partial line\\n");\nwhile (true) {}',
}
READ_TWO = {
    "java": "Scanner in = new Scanner(System.in);\nint a = in.nextInt();\nint b = in.nextInt();\n"
    'System.out.println("sum " + (a + b));',
    "cpp": 'int a, b;\ncin >> a;\ncin >> b;\ncout << "sum " << a + b << endl;',
}
READ_EOF = {
    "java": 'Scanner in = new Scanner(System.in);\nSystem.out.println(in.hasNextLine() ? "line" : "eof");',
    "cpp": 'string line;\ncout << (getline(cin, line) ? "line" : "eof") << endl;',
}
FLOOD = {
    "java": 'for (long i = 0; ; i++) System.out.println("flood " + i);',
    "cpp": 'for (long i = 0; ; i++) cout << "flood " << i << "\\n";',
}
EXIT_3 = {"java": 'System.out.println("bye");\nSystem.exit(3);', "cpp": 'cout << "bye" << endl;\nreturn 3;'}
SLEEPER = {
    "java": 'new ProcessBuilder("sleep", "600").start();\nSystem.out.println("started");',
    "cpp": 'system("sleep 600 &");\ncout << "started" << endl;',
}
ENV = {
    "java": "System.out.println(new TreeMap<>(System.getenv()).keySet());\n"
    'System.out.println(new String(Files.readAllBytes(Path.of("/proc/1/environ"))));',
    "cpp": 'extern char **environ;\nfor (char **e = environ; *e; e++) cout << *e << ",";\n'
    'ifstream f("/proc/1/environ");\ncout << f.rdbuf() << endl;',
}


@pytest.fixture(scope="module", params=["java", "cpp"])
def kernel(request):
    """(room, kernel name) with that kernel started in the room."""
    compiler = "javac" if request.param == "java" else "g++"
    with kernel_room(request.param, UIDS[request.param], ("bwrap", compiler)) as room:
        yield room, request.param


@pytest.fixture
def fresh(kernel):
    """Like `kernel`, but restarted first if an earlier test left it dead or shut down."""
    room, name = kernel
    return alive_kernel(room, name), name


def run(room: SandboxRoom, code: str, **kw) -> dict:
    return room.call("execute", code=code, timeout=kw.pop("timeout", 60), **kw)


def interrupt_while_running(room: SandboxRoom, code: str) -> dict:
    """Execute `code` and interrupt it 6 s later, once it runs: on a loaded machine the compile
    alone can take that long, and an interrupt then stops the compile instead (tried again)."""
    for _ in range(3):
        reply = room.call("execute", code=code, interrupt_after=6.0, timeout=40)
        if "interrupted while compiling" not in reply["out"]:
            break
    return reply


# -- kernelspecs -----------------------------------------------------------------------------------
def test_kernelspecs_are_listed_sandboxed_and_highlighted():
    env = {**os.environ, "JUPYTER_PATH": str(SPECS)}
    out = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "kernelspec", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    specs = json.loads(out)["kernelspecs"]
    expected = {
        "java": ("Java 17", "java", ".java", "text/x-java"),
        "cpp": ("C++17", "c++", ".cpp", "text/x-c++src"),
    }
    for name, (display, language, extension, mode) in expected.items():
        spec = specs[name]["spec"]
        assert (spec["display_name"], spec["language"]) == (display, language)
        assert spec["metadata"]["file_extension"] == extension
        assert spec["metadata"]["codemirror_mode"] == mode
        assert spec["metadata"]["kernel_provisioner"]["provisioner_name"] == "interviewhub-sandbox"
        assert spec["interrupt_mode"] == "message"  # a SIGINT to bwrap's group would kill the sandbox
        for size in (32, 64):
            logo = (Path(specs[name]["resource_dir"]) / f"logo-{size}x{size}.png").read_bytes()
            assert logo[:4] == b"\x89PNG" and int.from_bytes(logo[16:20], "big") == size
    # the JVM's threads (javac server + program) need more than the default 64 pids
    assert specs["java"]["spec"]["metadata"]["kernel_provisioner"]["config"]["pids_limit"] >= 128


def test_rooms_allow_the_new_kernels():
    config = json.loads((ROOT / "extensions/room/config/jupyter_server_config.json").read_text())
    assert {"java", "cpp"} <= set(config["KernelSpecManager"]["allowed_kernelspecs"])


# -- the cell model, without a kernel ----------------------------------------------------------------
def test_chunks_ignore_braces_in_strings_comments_and_initializers():
    code = (
        'int a[] = {1, 2};  // } not a brace\nString s = "}{";\nif (x) { y(); } else { z(); }\n/* { */ f();'
    )
    texts = [c.text for c in chunks.split(code)]
    assert texts == ["int a[] = {1, 2};", 'String s = "}{";', "if (x) { y(); }", "else { z(); }", "f();"]
    assert [c.line for c in chunks.split(code)] == [1, 2, 3, 3, 4]


def test_consoles_ask_for_another_line_while_brackets_are_open():
    assert chunks.depth("int main() {\n    if (x) {") == 2
    assert chunks.depth("f(\"(\");  // {\nchar c = '{';") == 0
    assert chunks.depth("class A { }") == 0


def test_java_cells_are_split_into_definitions_and_statements():
    defs, statements = java.classify(
        "import java.util.*;\n"
        "@FunctionalInterface interface F { int f(int x); }\n"
        "int sq(int x) { return x * x; }\n"
        "static final int N = 3;\n"
        "for (int i = 0; i < N; i++) { System.out.println(sq(i)); }\n"
        "List<Integer> xs = new ArrayList<>();\n"
    )
    assert [(d.kind, d.name) for d in defs] == [
        ("import", "import java.util.*;"),
        ("type", "F"),
        ("member", "sq"),
        ("member", "N"),
    ]
    assert defs[2].text.startswith("static int sq")  # methods become static members of Notebook
    assert [s.line for s in statements] == [5, 6]
    defs, statements = java.classify(HELLO_FILE["java"])
    assert [(d.kind, d.name, d.main) for d in defs][-1] == ("type", "Solution", True) and statements == []


def test_cpp_cells_are_split_into_definitions_and_statements():
    defs, variables, statements, has_main = cpp.classify(
        "#include <vector>\ntemplate <typename T> T twice(T x) { return 2 * x; }\n"
        "long long total = 0;\nvector<int> v{1, 2};\nfor (int x : v) total += twice(x);\ncout << total;"
    )
    assert [d.name for d in defs] == ["", "twice"] and defs[0].preprocessor
    assert len(variables) == 2 and len(statements) == 4 and not has_main
    assert cpp.classify(HELLO_FILE["cpp"])[3]  # a program


# -- running cells in the sandbox ------------------------------------------------------------------
def test_a_whole_file_runs_as_one_cell(fresh):
    """An editor's "Run All Code" sends the whole file: a class with main / a C++ file with main."""
    room, name = fresh
    reply = run(room, HELLO_FILE[name])
    assert (reply["status"], reply["out"]) == ("ok", "hello file\n"), reply
    assert run(room, HELLO_FILE[name])["out"] == "hello file\n"  # again: it replaces itself


def test_definitions_stay_available_to_later_cells(fresh):
    room, name = fresh
    reply = run(room, DEFINE[name])
    assert (reply["status"], reply["out"]) == ("ok", ""), reply  # defining runs nothing
    assert room.run(USE[name]) == "25\n"
    # a later definition with the same name replaces the earlier one
    run(room, "int sq(int x) { return x * x * x; }")
    assert room.run(USE[name]) == "91\n"


def test_compile_errors_point_at_cell_lines(fresh):
    room, name = fresh
    reply = run(room, BROKEN[name])
    assert reply["status"] == "error" and "[error CompileError" in reply["out"], reply
    assert "cell:3:" in reply["out"], reply["out"]
    assert "Notebook.java" not in reply["out"] and "prog.cpp" not in reply["out"]
    assert "unreachable" not in reply["out"].split("[error")[-1]  # it never ran


def test_errors_in_a_kept_cell_name_that_cell(fresh):
    room, name = fresh
    run(room, DEFINE[name])  # still compiles; the broken cell below is not kept
    bad = "int broken() { return undefined_name; }"
    reply = run(room, bad)
    assert reply["status"] == "error" and "cell:1:" in reply["out"], reply
    assert room.run(USE[name]) in ("25\n", "91\n")  # earlier definitions still work


def test_stdin_goes_through_the_notebook(fresh):
    room, name = fresh
    reply = room.call("execute", code=READ_TWO[name], stdin=["20", "22"], timeout=60)
    assert reply["status"] == "ok", reply
    assert reply["out"].count("[prompt ]") == 2 and reply["out"].endswith("sum 42\n"), reply


def test_without_stdin_the_program_reads_eof(fresh):
    room, name = fresh
    assert room.run(READ_EOF[name], timeout=60) == "eof\n"


def test_interrupt_stops_an_endless_loop_and_keeps_the_kernel(fresh):
    room, name = fresh
    run(room, DEFINE[name])
    reply = interrupt_while_running(room, SPIN[name])
    assert reply["status"] == "error" and "spinning" in reply["out"], reply
    assert "interrupted" in reply["out"] and reply["seconds"] < 3, reply
    assert room.run(USE[name], timeout=60) == "25\n"  # same kernel, definitions kept


def test_output_printed_before_an_interrupt_is_shown_without_a_flush(fresh):
    room, name = fresh
    reply = interrupt_while_running(room, PRINT_THEN_SPIN[name])
    assert reply["out"].startswith("partial line\n"), reply


def test_wall_time_limit_stops_a_program(fresh):
    room, name = fresh
    t0 = time.monotonic()
    reply = run(room, SPIN[name])
    assert "[error TimeLimitExceeded" in reply["out"] and "10 s" in reply["out"], reply
    assert time.monotonic() - t0 < 30
    assert room.run(EXIT_3[name].split("\n")[0]) == "bye\n"


def test_output_flood_is_capped_with_a_notice(fresh):
    room, name = fresh
    reply = run(room, FLOOD[name])
    out = reply["out"]
    assert "Output truncated" in out and "[error OutputLimitExceeded" in out, out[-300:]
    assert 2**20 - 100 <= len(out.split("\n[Output truncated")[0]) <= 2**20, len(out)
    assert room.run(EXIT_3[name].split("\n")[0]) == "bye\n"


def test_runtime_errors_show_exit_code_signal_and_cell_lines(fresh):
    room, name = fresh
    reply = run(room, EXIT_3[name])
    assert reply["out"] == "bye\n[error RuntimeError: the program exited with code 3]\n", reply
    if name == "cpp":
        reply = run(room, 'int *p = nullptr;\ncout << "before" << endl;\n*p = 1;')
        assert "before\n" in reply["out"] and "SIGSEGV (segmentation fault)" in reply["out"], reply
    else:
        reply = run(room, 'int[] a = new int[2];\nSystem.out.println("before");\na[5] = 1;')
        assert "ArrayIndexOutOfBoundsException" in reply["out"], reply
        assert "at Notebook.main(cell:3)" in reply["out"], reply  # the stack trace names the cell line


def test_a_program_killed_by_the_memory_limit_says_so(fresh):
    room, name = fresh
    if name == "cpp":
        code = (
            "vector<char*> blocks;\n"
            "for (;;) { char *b = new char[1 << 24]; memset(b, 1, 1 << 24); blocks.push_back(b); }"
        )
        reply = run(room, code)
        assert "[error MemoryLimitExceeded" in reply["out"], reply
    else:  # the JVM's own heap limit (-Xmx) comes first, well under the kernel's 512 MiB
        code = "List<long[]> blocks = new ArrayList<>();\nfor (;;) blocks.add(new long[1 << 21]);"
        reply = run(room, code)
        assert "java.lang.OutOfMemoryError" in reply["out"] and "exited with code 1" in reply["out"], reply
    assert room.call("alive")["alive"]  # the program died, not the kernel
    assert room.run(EXIT_3[name].split("\n")[0]) == "bye\n"


def test_programs_see_no_hub_environment(fresh):
    room, name = fresh
    out = room.run(ENV[name])
    assert "JUPYTERHUB" not in out and "INTERVIEWHUB" not in out and FAKE_TOKEN not in out, out
    assert "PATH" in out  # the check did run


def test_restart_forgets_definitions(fresh):
    room, name = fresh
    run(room, DEFINE[name])
    assert room.call("restart")["ready"] < 20
    reply = run(room, USE[name])
    assert reply["status"] == "error" and "CompileError" in reply["out"], reply
    assert run(room, HELLO_FILE[name])["out"] == "hello file\n"


def test_no_stray_processes_after_interrupt_and_shutdown(fresh):
    room, name = fresh
    before = set(room.call("kernel_pids")["pids"])
    reply = interrupt_while_running(room, SLEEPER[name] + "\n" + SPIN[name])
    assert "started" in reply["out"], reply
    deadline = time.monotonic() + 10
    while set(room.call("kernel_pids")["pids"]) - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert set(room.call("kernel_pids")["pids"]) - before == set()  # the sleeper died with its group
    assert room.run(SLEEPER[name]) == "started\n"  # a program that ends but leaves a child behind
    assert set(room.call("kernel_pids")["pids"]) - before == set()
    room.call("shutdown")
    deadline = time.monotonic() + 10
    while running(room) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running(room) == []
    assert room.call("kernel_pids") == {"pids": [], "groups": False}


def running(room: SandboxRoom) -> list[int]:
    """The room uid's processes that still run (zombies wait for PID 1 here, they run nothing)."""
    alive = []
    for pid in room.processes():
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.append(pid)
    return alive
