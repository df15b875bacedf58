"""Kernel socket paths fit an AF_UNIX address, also for rooms with long ids (issue 3).

ZMQ's ipc sockets live in the kernel's folder under the room's state folder. With the folder
named by the whole kernel uuid under state/kernels/, a test platform's room-118 passed the
107-byte limit and its kernels could not start ("File name too long").
"""

from __future__ import annotations

import asyncio
import os

import pytest
from interviewhub.kernels.provisioner import MAX_SOCKET_PATH, SandboxProvisioner

KERNEL_ID = "dd4a5f70-ae6f-42ab-81a5-5d4f9db76ee0"


def provisioner(monkeypatch, state: str) -> SandboxProvisioner:
    monkeypatch.setenv("INTERVIEWHUB_STATE_DIR", state)
    return SandboxProvisioner(kernel_id=KERNEL_ID, kernel_spec=None, parent=None)


@pytest.mark.parametrize(
    "state",
    [
        "/tmp/interviewhub-test-o9d685st/data/rooms/room-118/state",
        "/var/lib/interviewhub/data/rooms/room-1234567/state",
    ],
)
def test_socket_paths_fit_for_long_room_ids(monkeypatch, state):
    kdir = provisioner(monkeypatch, state).kernel_dir
    assert kdir.is_relative_to(state)
    assert len(os.fsencode(kdir / "ipc-99")) <= MAX_SOCKET_PATH


def test_too_long_a_data_folder_is_a_clear_error(monkeypatch, tmp_path):
    p = provisioner(monkeypatch, "/" + "d" * 100 + "/rooms/room-1/state")
    with pytest.raises(RuntimeError, match="INTERVIEWHUB_DATA_DIR"):
        asyncio.run(p.pre_launch())
