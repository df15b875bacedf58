"""The JavaScript/TypeScript (Deno) and Bash kernels, started from our installed kernelspecs by
jupyter_client's KernelManager — so through the sandbox provisioner — as an unprivileged room
uid with delegated cgroups (tests/sandbox_room.py), the way a room server starts them."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from interviewhub.kernels import relay

from tests.sandbox_room import FAKE_TOKEN, ROOT, SPECS, SandboxRoom, alive_kernel, kernel_room

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DENO = ("javascript", "typescript")
# one uid per kernel under test, away from the hub's room uids (60000 + interview id)
UIDS = {"javascript": 61711, "typescript": 61712, "bash": 61713}

# the same snippet in each language
SPIN = {"javascript": "while (true) {}", "typescript": "while (true) {}", "bash": "while true; do :; done"}
SET_X = {"javascript": "var x = 41", "typescript": "var x: number = 41", "bash": "x=41"}
PRINT_X = {"javascript": "console.log(x + 1)", "typescript": "console.log(x + 1)", "bash": "echo $((x + 1))"}
SLEEPER = {
    "javascript": "new Deno.Command('sleep', {args: ['600']}).spawn(); console.log('started')",
    "typescript": "new Deno.Command('sleep', {args: ['600']}).spawn(); console.log('started')",
    "bash": "(sleep 600 &) ; echo started",
}


def clean(out: str) -> str:
    return ANSI.sub("", out)


@pytest.fixture(scope="module", params=["javascript", "typescript", "bash"])
def kernel(request):
    """(room, kernel name) with that kernel started in the room."""
    with kernel_room(request.param, UIDS[request.param]) as room:
        yield room, request.param


@pytest.fixture
def fresh(kernel):
    """Like `kernel`, but restarted first if an earlier test left it dead or shut down."""
    room, name = kernel
    return alive_kernel(room, name), name


# -- kernelspecs -----------------------------------------------------------------------------------
def test_all_kernelspecs_are_listed_and_sandboxed():
    env = {**os.environ, "JUPYTER_PATH": str(SPECS)}
    out = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "kernelspec", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    specs = json.loads(out)["kernelspecs"]
    assert {"python3", "javascript", "typescript", "bash"} <= set(specs)
    expected = {
        "javascript": ("JavaScript (Deno)", "javascript", ".js"),
        "typescript": ("TypeScript (Deno)", "typescript", ".ts"),
        "bash": ("Bash", "bash", ".sh"),
    }
    for name, (display, language, extension) in expected.items():
        spec = specs[name]["spec"]
        assert (spec["display_name"], spec["language"]) == (display, language)
        assert spec["metadata"]["file_extension"] == extension
        assert spec["metadata"]["kernel_provisioner"]["provisioner_name"] == "interviewhub-sandbox"
        assert spec["interrupt_mode"] == "message"  # a SIGINT to bwrap's group would kill the sandbox
        for size in (32, 64):
            assert (Path(specs[name]["resource_dir"]) / f"logo-{size}x{size}.png").read_bytes()[
                :4
            ] == b"\x89PNG"
    for name in DENO:
        assert specs[name]["spec"]["metadata"]["kernel_provisioner"]["config"] == {"tcp_relay": True}


def test_rooms_allow_the_new_kernels():
    config = json.loads((ROOT / "extensions/room/config/jupyter_server_config.json").read_text())
    assert {"javascript", "typescript", "bash"} <= set(config["KernelSpecManager"]["allowed_kernelspecs"])


# -- running code ----------------------------------------------------------------------------------
def test_runs_code(fresh):
    room, name = fresh
    code = {
        "javascript": "console.log([1, 2, 3].map((n) => n * 2).join(','))",
        "typescript": "console.log([1, 2, 3].map((n: number): number => n * 2).join(','))",
        "bash": "echo 2,4,6 | tr , '\\n' | paste -sd,",
    }[name]
    assert clean(room.run(code)) == "2,4,6\n"


def test_typescript_types_enums_and_generics_work(fresh):
    room, name = fresh
    if name not in DENO:
        pytest.skip("TypeScript only")
    code = """
interface Point { x: number; y: number }
enum Dir { Up = 1, Down }
type Pair<T> = [T, T];
function swap<T>(p: Pair<T>): Pair<T> { return [p[1], p[0]]; }
const p: Point = { x: 1, y: 2 } satisfies Point;
console.log(swap<number>([p.x, p.y]).join(' '), Dir.Down, (p as Point).y)
"""
    assert clean(room.run(code)) == "2 1 2 2\n"


def test_a_cell_result_and_an_error_are_shown(fresh):
    room, name = fresh
    if name == "bash":
        assert room.call("execute", code="false")["status"] == "error"
        assert "nope: command not found" in room.run("nope")
    else:
        assert clean(room.run("6 * 7")) == "42\n"
        reply = room.call("execute", code="throw new Error('boom')")
        assert reply["status"] == "error" and "boom" in reply["out"]


def test_interrupt_stops_an_endless_loop_and_keeps_the_kernel(fresh):
    room, name = fresh
    room.run(SET_X[name])
    reply = room.call("execute", code=SPIN[name], interrupt_after=1.0, timeout=20)
    assert reply["status"] in ("error", "abort"), reply  # not "timeout": the loop stopped
    assert reply["seconds"] < 3, reply  # time from the interrupt to the kernel being idle
    assert clean(room.run(PRINT_X[name])) == "42\n"  # same kernel, state kept


def test_restart_gives_a_fresh_kernel(fresh):
    room, name = fresh
    room.run(SET_X[name])
    assert room.call("restart")["ready"] < 10
    out = clean(room.run(PRINT_X[name]))
    assert out == ("1\n" if name == "bash" else "[error ReferenceError: x is not defined]\n"), out
    assert clean(room.run("echo ok" if name == "bash" else "console.log('ok')")) == "ok\n"


def test_stdin(fresh):
    room, name = fresh
    if name in DENO:  # prompt() asks the notebook, like Python's input()
        reply = room.call(
            "execute", code="const who = prompt('name?'); console.log('hi ' + who)", stdin=["ada"]
        )
        assert clean(reply["out"]) == "[prompt name?]hi ada\n"
    else:
        # bash_kernel has no stdin support: `read` waits on the kernel's terminal, not the
        # notebook. It must not wedge the kernel: an interrupt gets out of it.
        reply = room.call(
            "execute", code="read -r line; echo got $line", stdin=[], interrupt_after=1, timeout=15
        )
        assert reply["status"] == "abort" and "[prompt" not in reply["out"], reply
        assert clean(room.run("echo still here")) == "still here\n"


def test_no_hub_environment(fresh):
    room, name = fresh
    if name == "bash":
        code = "env | cut -d= -f1 | sort | paste -sd,; tr '\\0' , < /proc/1/environ"
    else:
        code = (
            "console.log(Object.keys(Deno.env.toObject()).sort().join(','));"
            "console.log(new TextDecoder().decode(Deno.readFileSync('/proc/1/environ')))"
        )
    out = clean(room.run(code))
    assert "JUPYTERHUB" not in out and "INTERVIEWHUB" not in out and FAKE_TOKEN not in out, out
    assert "PATH" in out  # the check did run


def test_no_network_neither_outside_nor_host_loopback(fresh):
    room, name = fresh
    with socket.socket() as host:  # stands for the hub's port on the host's loopback
        host.bind(("127.0.0.1", 0))
        host.listen()
        port = host.getsockname()[1]
        if name == "bash":
            code = (
                f"for target in 127.0.0.1/{port} 1.1.1.1/53 1.1.1.1/443; do "
                "(exec 3<>/dev/tcp/$target) 2>/dev/null && echo OPEN $target || echo closed; done"
            )
        else:
            code = f"""
for (const [hostname, port] of [['127.0.0.1', {port}], ['1.1.1.1', 53], ['1.1.1.1', 443]]) {{
  try {{ (await Deno.connect({{ hostname, port }})).close(); console.log('OPEN', hostname, port) }}
  catch {{ console.log('closed') }}
}}
try {{ await fetch('http://1.1.1.1/'); console.log('OPEN fetch') }} catch {{ console.log('closed') }}
"""
        out = clean(room.run(code, timeout=30))
        # the sandbox has a loopback of its own (where Deno's kernel listens; the same port
        # number may be in use there): what counts is that nothing reached the host's socket
        host.setblocking(False)
        with pytest.raises(BlockingIOError):
            host.accept()
    assert out.split("\n")[1:] == ["closed"] * (2 if name == "bash" else 3) + [""], out


def test_no_stray_processes_after_shutdown(fresh):
    room, name = fresh
    assert clean(room.run(SLEEPER[name])) == "started\n"
    assert len(room.call("kernel_pids")["pids"]) >= 4  # bwrap x2, the kernel (and relay), sleep
    room.call("shutdown")
    deadline = time.monotonic() + 10
    while running(room) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running(room) == []
    assert room.call("kernel_pids") == {"pids": [], "groups": False}  # the kernel's cgroups are gone


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


# -- the relay on its own ----------------------------------------------------------------------------
def test_relay_refuses_a_connection_file_that_is_not_ipc(tmp_path):
    conn = tmp_path / "c.json"
    conn.write_text(json.dumps({"transport": "tcp", "ip": "127.0.0.1", "shell_port": 1}))
    r = subprocess.run(
        [sys.executable, relay.__file__, str(conn), "--", "true"], capture_output=True, text=True, timeout=30
    )
    assert r.returncode != 0 and "expected an ipc connection file" in r.stderr


def test_relay_usage_and_missing_kernel_binary(tmp_path):
    r = subprocess.run([sys.executable, relay.__file__, "only-one-arg"], capture_output=True, text=True)
    assert r.returncode == 2 and "IPC_CONNECTION_FILE" in r.stderr
    with pytest.raises(RuntimeError, match="no-such-kernel-binary is not installed"):
        relay.command(["no-such-kernel-binary", "jupyter"], str(tmp_path / "c.json"))


def test_relay_finds_deno_from_npm_and_mounts_it():
    argv, mounts = relay.command(["deno", "jupyter", "--kernel", "--conn", "/k/c.json"], "/k/c.json")
    exe = mounts[1]
    assert Path(exe).is_file() and os.access(exe, os.X_OK)
    assert subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.startswith("deno ")
    assert argv[-5:] == [f"{relay.SANDBOX_DIR}/bin/deno", "jupyter", "--kernel", "--conn", "/k/c.json"]
    assert mounts[-1] == f"{relay.SANDBOX_DIR}/relay.py"
