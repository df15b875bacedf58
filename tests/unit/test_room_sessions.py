"""Two participants opening the shared notebook at once share one kernel."""

from __future__ import annotations

import asyncio

from interviewhub.extensions.room.sessions import RoomSessionManager
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


async def test_simultaneous_sessions_for_one_notebook_share_one_kernel(tmp_path):
    (tmp_path / "interview.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    kernels = AsyncMappingKernelManager(root_dir=str(tmp_path))
    sessions = RoomSessionManager(
        kernel_manager=kernels, contents_manager=AsyncLargeFileManager(root_dir=str(tmp_path))
    )
    try:
        one, two = await asyncio.gather(
            *[
                sessions.create_session(path="interview.ipynb", type="notebook", kernel_name="python3")
                for _ in range(2)
            ]
        )
        assert one["id"] == two["id"] and one["kernel"]["id"] == two["kernel"]["id"]
        assert len(kernels.list_kernel_ids()) == 1
        # another notebook still gets its own
        other = await sessions.create_session(path="other.ipynb", type="notebook", kernel_name="python3")
        assert other["kernel"]["id"] != one["kernel"]["id"]
    finally:
        await kernels.shutdown_all(now=True)
        sessions.close()
