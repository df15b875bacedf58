"""The hub's own database follows INTERVIEWHUB_DB_URL: with only the interview database set to a
PostgreSQL database, the hub keeps its state in "<name>_hub" on the same server (made at the first
start), the service keeps its tables in the other, and rooms work. One platform, one throwaway
PostgreSQL cluster (tests/pg.py)."""

from __future__ import annotations

import shutil
import uuid

import pytest

from tests.pg import PostgresCluster, create_database
from tests.platform import Platform, traversable_tmpdir

pytestmark = pytest.mark.integration

HUB_TABLES = {"users", "servers", "spawners", "api_tokens", "oauth_clients", "roles", "services"}
SERVICE_TABLES = {"accounts", "interviews", "invites", "interview_snapshots", "scorecards"}


@pytest.fixture(scope="module")
def pg_platform(pg_cluster):
    name = f"ih_{uuid.uuid4().hex[:8]}"
    env = {
        "INTERVIEWHUB_DB_URL": create_database(pg_cluster.admin_url, name),  # and no INTERVIEWHUB_HUB_DB_URL
        "INTERVIEWHUB_CULL_IDLE_SECONDS": "0",
        "INTERVIEWHUB_ROOM_DISK_MB": "0",
    }
    tmp = traversable_tmpdir()
    plat = Platform(tmp / "data", env=env).start()
    plat.db_name = name
    yield plat
    plat.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def query(pg: PostgresCluster, database: str, sql: str, *args) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{pg.port}/{database}") as conn:
        return conn.execute(sql, args).fetchall()


def tables(pg: PostgresCluster, database: str) -> set[str]:
    rows = query(pg, database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {r[0] for r in rows}


def test_hub_state_is_in_its_own_database_next_to_the_service_one(pg_cluster, pg_platform):
    name = pg_platform.db_name
    databases = {r[0] for r in query(pg_cluster, "postgres", "SELECT datname FROM pg_database")}
    assert {name, f"{name}_hub"} <= databases

    hub, service = tables(pg_cluster, f"{name}_hub"), tables(pg_cluster, name)
    assert HUB_TABLES <= hub, sorted(hub)
    assert SERVICE_TABLES <= service, sorted(service)
    assert not (SERVICE_TABLES & hub) and not ({"users", "servers", "api_tokens"} & service)
    # each database has its own Alembic history: JupyterHub's and ours
    assert query(pg_cluster, f"{name}_hub", "SELECT version_num FROM alembic_version") != query(
        pg_cluster, name, "SELECT version_num FROM alembic_version"
    )
    assert not (pg_platform.data_dir / "jupyterhub.sqlite").exists()

    # a room starts, and the hub records it in its own database
    s = pg_platform.login(*pg_platform.add_staff("interviewer"))
    iv = pg_platform.create_interview(s)
    room = f"room-{iv['id']}"
    candidate = pg_platform.join(iv["invite_url"])
    r = pg_platform.room(candidate, room, "GET", "api/contents/interview.ipynb")
    assert r.status_code == 200 and r.json()["type"] == "notebook"
    assert query(pg_cluster, f"{name}_hub", "SELECT name FROM users WHERE name = %s", room) == [(room,)]
    running = query(
        pg_cluster,
        f"{name}_hub",
        "SELECT count(*) FROM spawners s JOIN users u ON u.id = s.user_id "
        "WHERE u.name = %s AND s.server_id IS NOT NULL",
        room,
    )
    assert running == [(1,)]
    assert query(pg_cluster, name, "SELECT title FROM interviews WHERE id = %s", iv["id"]) == [(iv["title"],)]
