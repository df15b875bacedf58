"""The benchmarks' process finder sees the room server and kernels inside the sandbox, not bwrap."""

from __future__ import annotations

import pytest

from tests.platform import execute
from tests.room_processes import RoomProcessesNotFound, find_room_processes, platform_room_processes


def test_finds_server_and_kernel_inside_the_sandbox(platform, interviewer):
    _, s = interviewer
    room = f"room-{platform.create_interview(s)['id']}"
    r = platform.room(s, room, "POST", "api/kernels", json={"name": "python3"})
    assert r.status_code == 201, r.text[:300]
    kernel = r.json()["id"]
    try:
        url = platform.ws_url(room, f"api/kernels/{kernel}/channels")
        assert execute(url, s, "import os; print(os.getpid())").strip()
        procs = platform_room_processes(platform, room)
        assert procs.sandbox.name() == "bwrap"
        assert procs.server.name() != "bwrap" and procs.server.pid != procs.sandbox.pid
        assert procs.sandbox.memory_info().rss / 2**20 < 10  # what the old benchmark reported
        assert procs.server_rss_mib() > 40  # a Python JupyterLab server, not a 2 MiB launcher
        assert procs.kernels and procs.kernels_rss_mib() > 10
        assert all(p.name() != "bwrap" for p in procs.kernels)
        assert procs.cpu_seconds() > 0
    finally:
        platform.room(s, room, "DELETE", f"api/kernels/{kernel}")


def test_fails_loudly_for_a_room_that_is_not_running(platform):
    with pytest.raises(RoomProcessesNotFound, match="expected one bwrap sandbox"):
        find_room_processes(platform.proc.pid, platform.data_dir / "rooms" / "room-999999")
