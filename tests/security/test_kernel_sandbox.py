"""Candidate code is hostile: each test tries to break one rule of the kernel sandbox, then
checks the room server and the hub still answer and the next execution works."""

from __future__ import annotations

import os
import time

import pytest

from tests.platform import KERNEL_DIED, execute
from tests.security import run, still_fine

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="rooms run under their own uids only as root"),
]


def test_no_hub_token_or_server_secret_in_the_environment(platform, room):
    out = run(platform, room, "import os; print(sorted(k for k in os.environ))")
    assert "JUPYTERHUB" not in out and "TOKEN" not in out and "INTERVIEWHUB" not in out, out
    out = run(platform, room, "print(open('/proc/1/environ', 'rb').read())")
    assert b"JUPYTERHUB".decode() not in out and "TOKEN" not in out, out


def test_interviewer_notes_are_invisible(platform, room):
    out = run(
        platform,
        room,
        """
import os, glob
print(os.listdir('.interviewer'))
print(glob.glob('**/notes.md', recursive=True) + glob.glob('/tmp/**/notes.md', recursive=True))
""",
    )
    assert out == "[]\n[]\n", out


def test_server_processes_and_state_are_out_of_reach(platform, room):
    out = run(
        platform,
        room,
        """
import os
pids = [p for p in os.listdir('/proc') if p.isdigit()]
cmds = [open(f'/proc/{p}/cmdline', 'rb').read() for p in pids]
print(any(b'jupyterhub-singleuser' in c for c in cmds), len(pids) < 10)
# the server's state (collaboration store, file ids, other kernels' sockets) is not mounted:
# bwrap makes empty parents for the kernel's own socket folder, nothing else
print(sorted(os.listdir('../state')), len(os.listdir('../state/k')), os.path.exists('../runtime'))
""",
    )
    assert out == "False True\n['k'] 1 False\n", out
    still_fine(platform, room)


def test_no_network_not_even_the_hub_on_loopback(platform, room):
    out = run(
        platform,
        room,
        f"""
import socket
for host, port in [('127.0.0.1', {platform.port}), ('127.0.0.1', {platform.port + 1}), ('1.1.1.1', 53)]:
    try:
        socket.create_connection((host, port), timeout=2)
        print('OPEN', host, port)
    except OSError:
        print('closed')
""",
    )
    assert out == "closed\nclosed\nclosed\n", out


def test_system_is_read_only_and_only_the_workspace_is_writable(platform, room):
    out = run(
        platform,
        room,
        """
import os
for path in ['/usr/evil', '/etc/evil', '.interviewer/evil']:
    try:
        open(path, 'w'); print('WROTE', path)
    except OSError:
        print('refused')
open('answer.py', 'w').write('print(1)\\n'); print(os.path.exists('answer.py'))
""",
    )
    assert out == "refused\nrefused\nrefused\nTrue\n", out


def test_memory_bomb_kills_only_the_kernel(platform, room):
    out = run(
        platform, room, "x = bytearray(1500 * 2**20); x[::4096] = b'1' * len(x[::4096]); print('survived')"
    )
    assert "survived" not in out and out.endswith(KERNEL_DIED)
    still_fine(platform, room)


def test_a_kernel_killed_by_its_memory_limit_says_so_in_the_cell(platform, room):
    room_user, _, candidate = room
    r = platform.room(candidate, room_user, "POST", "api/kernels", json={"name": "python3"})
    kernel_id = r.json()["id"]
    ws_url = platform.ws_url(room_user, f"api/kernels/{kernel_id}/channels")
    try:
        bomb = "x = bytearray(1500 * 2**20); x[::4096] = b'1' * len(x[::4096])"
        out = execute(ws_url, candidate, bomb, timeout=60, follow_restart=True)
        assert "Memory limit of 512 MiB exceeded" in out, out
        assert execute(ws_url, candidate, "print(6 * 7)") == "42\n"  # the same kernel, restarted
    finally:
        platform.room(candidate, room_user, "DELETE", f"api/kernels/{kernel_id}")


def test_fork_bomb_is_capped(platform, room):
    out = run(
        platform,
        room,
        """
import subprocess
procs = []
try:
    for _ in range(500):
        procs.append(subprocess.Popen(['sleep', '60']))
except OSError as e:
    print('capped', len(procs) < 64)
for p in procs:
    p.kill()
""",
    )
    assert out == "capped True\n", out
    still_fine(platform, room)


def test_steady_output_flood_is_cut_with_a_visible_notice(platform, room):
    # ~800 kB/s slips under jupyter_server's own 1 MB/s rate limit; our per-execution cap stops it
    code = "import time\nfor _ in range(6):\n    print('x' * 400_000)\n    time.sleep(0.5)\nprint('done')"
    out = run(platform, room, code)
    assert "Output truncated" in out, out[-300:]
    assert 800_000 <= len(out) < 1_300_000, len(out)  # 2.4 MB printed, about 1 MB shown
    assert "done" not in out  # everything after the cap is dropped, including the tail
    still_fine(platform, room)


def test_no_stray_processes_after_the_kernel_shuts_down(platform, room):
    room_user, _, candidate = room
    run(platform, room, "import subprocess; subprocess.Popen(['sleep', '600']); print('started')")
    # run_code shut its kernel down; its children must be gone with it
    base = platform.kernel_cgroups(room_user)
    assert base.is_dir(), base  # the room's kernels' groups: where the sleeper would be

    def sleepers() -> list[str]:
        found = []
        for folder, _, _files in os.walk(base):
            for pid in open(f"{folder}/cgroup.procs").read().split():
                try:
                    if b"sleep\x00600" in open(f"/proc/{pid}/cmdline", "rb").read():
                        found.append(pid)
                except OSError:
                    pass
        return found

    deadline = time.monotonic() + 10
    while sleepers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sleepers() == []
