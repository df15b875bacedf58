"""Submissions are hostile: each test tries to break one rule of the grading sandbox (hidden tests,
other problems, the cached expected outputs, the network, the grader's environment, the host's
processes and disk), then checks the grader still grades the next submission correctly.

The probes run as the `echo` problem's function: whatever it returns is shown as the visible
test's actual output (a Wrong Answer), which is how the test reads what the submission saw.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import subprocess
import time
from pathlib import Path

import pytest
from interviewhub.problems.grader import ACCEPTED, WRONG

from ..unit.problem_factory import ADD, HIDDEN_MARK, make_grader, module_bank, needs_sandbox

pytestmark = needs_sandbox
REPO_BANK = Path(__file__).resolve().parents[2] / "problems" / "bank"


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory):
    return module_bank(tmp_path_factory)


@pytest.fixture(scope="module")
def grader(bank_dir):
    g = make_grader(bank_dir)
    g.uid = 59977  # its own uid: other graders on this host (uid 59999) do not blur the process checks
    return g


def probe(grader, body: str, language: str = "python") -> object:
    """Run `body` (python, defining `result`) inside echo(); return what it returned."""
    code = (
        "def echo(s):\n"
        + "".join(f"    {line}\n" for line in body.strip().splitlines())
        + "    return json.dumps(result)\n"
    )
    r = grader.grade("echo", language, "import json, os, sys, socket\n" + code)
    visible = r.tests[0]
    assert visible.verdict == WRONG, r.to_dict(reveal_hidden=True)
    assert HIDDEN_MARK not in json.dumps(r.to_dict())
    return json.loads(visible.actual)


def still_fine(grader) -> None:
    assert grader.grade("add", "python", ADD["python"]).verdict == ACCEPTED


def test_hidden_tests_other_problems_and_cached_outputs_are_unreachable(grader, bank_dir):
    targets = [
        str(bank_dir / "echo" / "tests" / "hidden.json"),
        str(bank_dir / "add" / "solutions" / "python.py"),
        str(REPO_BANK / "two-sum" / "tests" / "hidden.json"),
        grader.cache_dir + "/generated",
        "/proc/1/root/etc/shadow",
        "/etc/shadow",
        "/root",
        "/work",
    ]
    found = probe(
        grader,
        f"""
result = {{}}
for path in {targets!r}:
    try:
        result[path] = os.listdir(path) if os.path.isdir(path) else open(path).read()[:50]
    except OSError as e:
        result[path] = type(e).__name__
# and nothing anywhere in the sandbox mentions the hidden test
hits = []
for root, dirs, files in os.walk('/', topdown=True):
    dirs[:] = [d for d in dirs if not (root == '/' and d in ('proc', 'sys', 'usr', 'dev'))]
    for name in files:
        try:
            if {HIDDEN_MARK[::-1]!r}[::-1].encode() in open(os.path.join(root, name), 'rb').read(1 << 20):
                hits.append(os.path.join(root, name))
        except OSError:
            pass
result['hits'] = hits
result['listing'] = sorted(os.listdir('/'))
result['box'] = sorted(os.listdir('/box'))
""",
    )
    assert found.pop("hits") == []
    assert found.pop("listing") == ["bin", "box", "dev", "etc", "lib", "lib64", "proc", "sbin", "tmp", "usr"]
    assert found.pop("box") == ["harness.py", "solution.py"]
    for path, outcome in found.items():
        assert outcome in ("FileNotFoundError", "PermissionError"), (path, outcome)
    still_fine(grader)


def test_no_network_not_even_the_hosts_loopback(grader):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        found = probe(
            grader,
            f"""
result = {{}}
for host, port in (('127.0.0.1', {port}), ('1.1.1.1', 53), ('pypi.org', 443)):
    try:
        socket.create_connection((host, port), timeout=1).close()
        result[host] = 'connected'
    except OSError as e:
        result[host] = type(e).__name__
result['interfaces'] = sorted(name for _, name in socket.if_nameindex())
""",
        )
    finally:
        server.close()
    assert found.pop("interfaces") == ["lo"]
    assert all(v != "connected" for v in found.values()), found


def test_no_secrets_in_the_environment(grader, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-secret-token")
    monkeypatch.setenv("INTERVIEWHUB_SECRET", "s3cret")
    found = probe(
        grader,
        """
result = {'env': dict(os.environ), 'uid': os.getuid(), 'gid': os.getgid(), 'groups': os.getgroups()}
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        result['environ ' + pid] = open(f'/proc/{pid}/environ', 'rb').read().decode()
    except OSError as e:
        result['environ ' + pid] = type(e).__name__
result['pids'] = len([p for p in os.listdir('/proc') if p.isdigit()])
""",
    )
    text = json.dumps(found)
    assert "hub-secret-token" not in text and "s3cret" not in text and "JUPYTERHUB" not in text
    assert set(found["env"]) <= {"LANG", "PATH", "HOME", "PWD", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED"}
    assert found["uid"] == grader.uid and found["uid"] != 0 and found["groups"] in ([], [found["gid"]])
    assert found["pids"] <= 3  # bwrap's init and the harness: no host processes visible


def test_read_only_system_and_a_small_tmp(grader):
    found = probe(
        grader,
        """
result = {}
for path in ('/box/x', '/usr/x', '/etc/x', '/x'):
    try:
        open(path, 'w').write('x')
        result[path] = 'written'
    except OSError as e:
        result[path] = type(e).__name__
try:
    with open('/tmp/fill', 'wb') as f:
        for _ in range(1024):
            f.write(b'0' * (1 << 20))
    result['tmp'] = 'wrote 1 GiB'
except OSError as e:
    result['tmp'] = os.path.getsize('/tmp/fill') // (1 << 20)
""",
    )
    tmp = found.pop("tmp")
    assert isinstance(tmp, int) and tmp <= 64, tmp
    assert all(v in ("OSError", "PermissionError", "FileNotFoundError") for v in found.values()), found


def _grader_processes(uid: int) -> list[int]:
    """Processes of the grader uid left on the host, after a few seconds' grace for exits."""
    deadline = time.monotonic() + 5
    while (left := _processes_of(uid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _processes_of(uid: int) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    out.append(int(pid))
            except OSError:
                pass
    return out


def test_fork_bomb_is_contained(grader):
    code = "import os\ndef echo(s):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n"  # noqa: E501
    t0 = time.monotonic()
    r = grader.grade("echo", "python", code)
    assert r.verdict != ACCEPTED and time.monotonic() - t0 < 30
    time.sleep(0.5)
    assert _grader_processes(grader.uid) == []
    assert subprocess.run(["true"]).returncode == 0  # the host can still start processes
    still_fine(grader)


def test_fork_bomb_in_cpp_is_contained(grader):
    code = "#include <unistd.h>\nlong long addTwo(long long a, long long b) { for (;;) fork(); }\n"
    r = grader.grade("add", "cpp", code)
    assert r.verdict != ACCEPTED
    time.sleep(0.5)
    assert _grader_processes(grader.uid) == []
    still_fine(grader)


def test_memory_bomb_is_contained(grader):
    code = "def echo(s):\n    x = []\n    while True:\n        x.append(bytearray(1 << 24))\n"
    r = grader.grade("echo", "python", code)
    assert r.tests[0].verdict == "Memory Limit Exceeded"
    assert r.tests[0].memory_kb <= 130 * 1024
    still_fine(grader)


def test_sandbox_uid_has_no_account_or_home(grader):
    with pytest.raises(KeyError):
        pwd.getpwuid(grader.uid)  # a dedicated uid, shared with nobody on the host
