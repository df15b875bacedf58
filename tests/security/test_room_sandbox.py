"""The room server's own sandbox, the workspace's disk quota, and the tricks candidate code can
play on the files the room server reads (links), the disk, setuid programs and the server process.
Each test tries one, then checks the hub and the room still work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.security import run, still_fine

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="rooms run sandboxed only as root"),
]


def test_room_server_sees_only_its_room_the_system_and_the_code(platform, room):
    room_user = room[0]
    run(platform, room, "pass")  # the room is up
    pid = platform.room_server_pid(room_user)
    view = Path(f"/proc/{pid}/root")
    data = platform.data_dir
    assert (view / str(data / "rooms" / room_user / "work" / "interview.ipynb")).exists()
    for absent in (
        data / "jupyterhub.sqlite",
        data / "interviews.sqlite",
        data / "jupyterhub_cookie_secret",
        data / "rooms" / ".disks",
        Path(__file__).resolve().parents[2] / "problems",
        Path(__file__).resolve().parents[2] / ".git",
        Path("/root"),
        Path("/var/lib"),
    ):
        assert not (view / str(absent).lstrip("/")).exists(), absent
    others = [p.name for p in (view / str(data / "rooms").lstrip("/")).iterdir()]
    assert others == [room_user], others
    # its own process tree: the hub, the proxy and other rooms are not in its /proc
    status = Path(f"/proc/{pid}/status").read_text()
    nspid = next(line for line in status.splitlines() if line.startswith("NSpid:")).split()
    assert len(nspid) == 3 and int(nspid[-1]) <= 3, nspid  # host pid, then small pid in its namespace


def test_links_planted_by_the_kernel_do_not_reach_notes_or_server_files(platform, room):
    room_user, staff, candidate = room
    out = run(
        platform,
        room,
        """
import os
for name, target in [('notes.md', '.interviewer/notes.md'), ('state.db', '../state/ystore.db'),
                     ('shadow', '/etc/shadow'), ('up', '..')]:
    os.symlink(target, name)
print(sorted(os.listdir('.')))
""",
    )
    assert "notes.md" in out, out
    for person in (candidate, staff):
        for path in (
            "api/contents/notes.md",
            "files/notes.md",
            "api/contents/state.db",
            "api/contents/up/state",
        ):
            r = platform.room(person, room_user, "GET", path)
            assert r.status_code == 404, (path, r.status_code)
            assert "strong on graphs" not in r.text
        r = platform.room(
            person,
            room_user,
            "PUT",
            "api/contents/notes.md",
            json={"type": "file", "format": "text", "content": "overwritten"},
        )
        assert r.status_code == 404
        names = [m["name"] for m in platform.room(person, room_user, "GET", "api/contents").json()["content"]]
        assert "notes.md" not in names and "interview.ipynb" in names
    notes = platform.room(staff, room_user, "GET", "api/contents/.interviewer/notes.md").json()
    assert notes["content"] == "hire: strong on graphs"
    run(platform, room, "import os\nfor n in ['notes.md', 'state.db', 'shadow', 'up']: os.remove(n)")
    still_fine(platform, room)


def test_hard_links_cannot_leave_the_workspace(platform, room):
    out = run(
        platform,
        room,
        """
import os
for target in ['/usr/bin/python3', '/etc/passwd', '/tmp']:
    try:
        os.link(target, 'hard')
        print('LINKED', target)
    except OSError as e:
        print(e.errno)
""",
    )
    assert "LINKED" not in out, out
    still_fine(platform, room)


def test_setuid_programs_give_no_privileges(platform, room):
    out = run(
        platform,
        room,
        """
import os, subprocess, shutil
print([l for l in open('/proc/self/status') if l.startswith('NoNewPrivs')][0].split()[1])
for cmd in (['su', '-c', 'id -u'], ['mount', '-t', 'tmpfs', 'x', '/mnt']):
    r = subprocess.run(cmd, capture_output=True, input=b'', timeout=10)
    print(r.returncode != 0, r.stdout.strip() != b'0')
# a setuid bit on a copy in the workspace: the filesystem ignores it (nosuid)
shutil.copy('/usr/bin/id', 'myid'); os.chmod('myid', 0o4755)
print(subprocess.run(['./myid', '-u'], capture_output=True).stdout.strip().decode() != '0')
os.remove('myid')
""",
    )
    assert out == "1\nTrue True\nTrue True\nTrue\n", out
    still_fine(platform, room)


def test_kernel_cannot_kill_or_trace_the_room_server(platform, room):
    room_user = room[0]
    pid = platform.room_server_pid(room_user)
    out = run(
        platform,
        room,
        f"""
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
traced = libc.ptrace(16, {pid}, None, None) == 0  # PTRACE_ATTACH
try:
    os.kill({pid}, 9)
    print(traced, 'killed')
except OSError as e:
    print(traced, errno.errorcode[e.errno])
""",
    )
    # the server's pid does not exist in the kernel's world: nothing to trace or kill
    assert out == "False ESRCH\n", out
    # signalling everything it can reach kills nothing outside the kernel's own sandbox
    run(platform, room, "import os, signal; os.kill(-1, signal.SIGKILL); print('done')", timeout=20)
    assert platform.room_server_pid(room_user) == pid
    still_fine(platform, room)


def test_filling_the_disk_stops_at_the_room_quota(platform, room):
    room_user, staff, _ = room
    out = run(
        platform,
        room,
        """
import os
written = 0
try:
    with open('fill.bin', 'wb') as f:
        while written < 4 * 2**30:
            f.write(b'x' * 2**22)
            written += 2**22
        f.flush()
except OSError as e:
    print(e.errno, written // 2**20 < 1024)
""",
        timeout=120,
    )
    assert out.startswith("28 True"), out  # ENOSPC well before 1 GiB: the test platform's quota
    # the room server and the hub are unaffected; the next execution works; freeing space helps
    run(platform, room, "import os; os.remove('fill.bin')")
    r = platform.room(
        staff,
        room_user,
        "PUT",
        "api/contents/after.txt",
        json={"type": "file", "format": "text", "content": "ok"},
    )
    assert r.status_code == 201
    still_fine(platform, room)


def test_tmp_is_private_and_capped(platform, room):
    out = run(
        platform,
        room,
        """
import os
written = 0
try:
    with open('/tmp/fill', 'wb') as f:
        while written < 2**30:
            f.write(b'x' * 2**20)
            written += 2**20
except OSError as e:
    print(e.errno, written // 2**20 <= 128)
""",
        timeout=120,
    )
    assert out.startswith("28 True"), out
    still_fine(platform, room)
