"""Fixtures: one real platform (hub + proxy + service + rooms) shared by the test session."""

from __future__ import annotations

import shutil

import pytest

from tests.pg import PostgresCluster, pg_bindir
from tests.platform import ADMIN_PASSWORD, Platform, traversable_tmpdir


@pytest.fixture(scope="session")
def platform() -> Platform:
    tmp = traversable_tmpdir()
    # a small disk quota per room, so filling it takes a test a second, not a minute
    plat = Platform(tmp / "data", env={"INTERVIEWHUB_ROOM_DISK_MB": "200"}).start()
    yield plat
    plat.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def admin(platform):
    return platform.login("admin", ADMIN_PASSWORD)


@pytest.fixture
def interviewer(platform):
    """A fresh interviewer account, signed in: (name, session)."""
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    return name, platform.login(name, password)


@pytest.fixture(scope="module")
def pg_cluster():
    """A throwaway PostgreSQL server on loopback (per test module); skipped without its binaries."""
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries (Debian package postgresql)")
    cluster = PostgresCluster(bindir).start()
    yield cluster
    cluster.stop()
