"""Cells run back to back answer at once: no wait on the room's kernel websocket (issue 3)."""

from __future__ import annotations

import statistics

import pytest

from tests.bench.exec import room_target

pytestmark = [pytest.mark.integration, pytest.mark.serial]


def test_back_to_back_cells_do_not_wait_for_delayed_acks(platform):
    # With Nagle's algorithm on the kernel websocket, most of these waited >= 40 ms (Linux's
    # minimum delayed-ACK time) for the output after `busy`: p50 ~45 ms instead of ~6 ms.
    times = room_target(platform).round_trips(15, spacing=0.05)
    assert statistics.median(times) < 0.025, [round(t * 1000, 1) for t in times]
