"""Hostile candidate code in JavaScript/TypeScript (Deno) and Bash, through a real room: each
test tries to break one rule of the kernel sandbox, then checks the room server and the hub
still answer and the next execution works."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from tests.platform import KERNEL_DIED, execute

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="rooms run under their own uids only as root"),
]
KERNELS = ["typescript", "bash"]  # the JavaScript kernelspec runs the same Deno kernel
ECHO_42 = {"typescript": "console.log(6 * 7)", "javascript": "console.log(6 * 7)", "bash": "echo $((6 * 7))"}


@pytest.fixture(scope="module")
def room(platform):
    """One interview: (room user, interviewer session, candidate session)."""
    name, password = platform.add_staff("interviewer")
    staff = platform.login(name, password)
    iv = platform.create_interview(staff)
    return f"room-{iv['id']}", staff, platform.join(iv["invite_url"])


@pytest.fixture(scope="module")
def other_room(platform, room):
    """A second interview's room: its starter notebook (seeded when the room starts)."""
    _, staff, _ = room
    iv = platform.create_interview(staff)
    path = platform.data_dir / "rooms" / f"room-{iv['id']}" / "work" / "interview.ipynb"
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.exists()
    return path


class Kernel:
    """One kernel in the room, started by the candidate through the room's REST API."""

    def __init__(self, platform, room, name: str):
        self.platform, self.name = platform, name
        self.room_user, _, self.session = room
        r = platform.room(self.session, self.room_user, "POST", "api/kernels", json={"name": name})
        assert r.status_code == 201, (r.status_code, r.text[:300])
        self.id = r.json()["id"]
        self.ws_url = platform.ws_url(self.room_user, f"api/kernels/{self.id}/channels")

    def run(self, code: str, timeout: float = 60, follow_restart: bool = False) -> str:
        return execute(self.ws_url, self.session, code, timeout, follow_restart=follow_restart)

    def api(self, method: str, action: str = ""):
        return self.platform.room(self.session, self.room_user, method, f"api/kernels/{self.id}{action}")

    def pids_cgroup(self) -> Path:
        return self.platform.kernel_cgroups(self.room_user) / self.id

    def close(self) -> None:
        self.api("DELETE")


@pytest.fixture(params=KERNELS)
def kernel(request, platform, room):
    k = Kernel(platform, room, request.param)
    yield k
    k.close()


def still_fine(platform, kernel: Kernel) -> None:
    assert platform.alive()
    assert kernel.run(ECHO_42[kernel.name]).replace("\x1b[33m", "").replace("\x1b[39m", "") == "42\n"


def test_other_rooms_and_the_hub_data_are_out_of_reach(platform, kernel, other_room):
    data = platform.data_dir
    targets = [other_room, data / "jupyterhub.sqlite", data / "interviews.sqlite", data / "secrets"]
    if kernel.name == "bash":
        code = "".join(f"cat '{t}' 2>/dev/null && echo READ || echo refused\n" for t in targets)
        code += f"echo $(ls '{platform.data_dir}') $(ls '{platform.data_dir}/rooms')"
    else:
        code = "".join(
            f"try {{ Deno.readFileSync('{t}'); console.log('READ') }} catch {{ console.log('refused') }}\n"
            for t in targets
        )
        code += (
            "const ls = (d: string) => [...Deno.readDirSync(d)].map((e) => e.name).join(' ')\n"
            f"console.log(ls('{platform.data_dir}'), ls('{platform.data_dir}/rooms'))"
        )
    # bwrap makes empty parents for the room's own work folder, and shows nothing else of the data
    assert kernel.run(code) == "refused\n" * 4 + f"rooms {kernel.room_user}\n"
    still_fine(platform, kernel)


def test_fork_bomb_is_capped_and_a_restart_clears_it(platform, kernel):
    if kernel.name == "bash":
        bomb = "bomb() { bomb | bomb & }; bomb; sleep 3; echo spawned"
    else:
        bomb = """
const children = [];
try {
  for (let i = 0; i < 500; i++) children.push(new Deno.Command('sleep', { args: ['60'] }).spawn());
  console.log('spawned all');
} catch { console.log('spawned', children.length < 64) }
"""
    out = kernel.run(bomb, timeout=60)
    assert "spawned all" not in out, out
    limit = int((kernel.pids_cgroup() / "pids.max").read_text())
    assert int((kernel.pids_cgroup() / "pids.current").read_text()) <= limit == 64
    assert platform.alive()
    # a restart kills everything in the kernel's cgroup: the kernel is usable again
    assert kernel.api("POST", "/restart").status_code == 200
    deadline = time.monotonic() + 10
    while int((kernel.pids_cgroup() / "pids.current").read_text()) > 10 and time.monotonic() < deadline:
        time.sleep(0.2)
    still_fine(platform, kernel)


def test_memory_bomb_kills_only_what_ran_it(platform, kernel):
    if kernel.name == "bash":
        # bash itself grows; bash_kernel starts a new bash when the memory limit kills it
        bomb = "x=$(head -c 1500M /dev/zero | tr '\\0' x); echo survived"
    else:
        bomb = "const keep = []\nwhile (true) keep.push(new Uint8Array(64 * 2 ** 20).fill(1))"
    out = kernel.run(bomb, timeout=120, follow_restart=True)
    assert "survived" not in out
    if kernel.name != "bash":
        assert out.endswith(KERNEL_DIED) or "Memory limit of 512 MiB exceeded" in out, out
    still_fine(platform, kernel)


def test_steady_output_flood_is_cut_with_a_visible_notice(platform, kernel):
    # ~800 kB/s slips under jupyter_server's own 1 MB/s rate limit; the room's cap stops it
    if kernel.name == "bash":
        flood = (
            "for i in 1 2 3 4 5 6; do head -c 400000 /dev/zero | tr '\\0' x; echo; sleep 0.5; done; echo done"
        )
    else:
        flood = (
            "for (let i = 0; i < 6; i++) { console.log('x'.repeat(400_000)); "
            "await new Promise((r) => setTimeout(r, 500)) }\nconsole.log('done')"
        )
    out = kernel.run(flood, timeout=60)
    assert "Output truncated" in out, out[-300:]
    assert 800_000 <= len(out) < 1_300_000, len(out)
    assert "done" not in out
    still_fine(platform, kernel)


def test_endless_loop_is_stopped_by_an_interrupt_from_the_room(platform, kernel):
    spin = "while true; do :; done" if kernel.name == "bash" else "while (true) {}"
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["out"] = kernel.run(spin, timeout=30)
        except Exception as e:  # reported below
            result["error"] = e

    runner = threading.Thread(target=run)
    runner.start()
    time.sleep(2)
    t0 = time.monotonic()
    assert kernel.api("POST", "/interrupt").status_code == 204
    runner.join(30)
    assert not runner.is_alive() and "error" not in result, result
    assert time.monotonic() - t0 < 5
    still_fine(platform, kernel)  # the same kernel, still usable
