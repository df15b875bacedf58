"""The hub's own database follows INTERVIEWHUB_DB_URL: where it defaults to, and that it is made
on a real PostgreSQL when missing, or refused with an operator-readable error when the role may
not create databases (tests/pg.py; skipped only when no PostgreSQL binaries exist)."""

from __future__ import annotations

import pytest
from interviewhub.hub import db as dbmod
from interviewhub.hub.settings import InterviewHubSettings, hub_db_url_for

from tests.pg import PostgresCluster


def psql(cluster: PostgresCluster, sql: str, database: str = "postgres"):
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{cluster.port}/{database}", autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


def test_sqlite_keeps_jupyterhub_sqlite_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("INTERVIEWHUB_HUB_DB_URL", raising=False)
    monkeypatch.setenv("INTERVIEWHUB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INTERVIEWHUB_DB_URL", f"sqlite:///{tmp_path}/elsewhere/interviews.sqlite")
    assert InterviewHubSettings().hub_db_url == f"sqlite:///{tmp_path}/jupyterhub.sqlite"
    monkeypatch.delenv("INTERVIEWHUB_DB_URL")
    assert InterviewHubSettings().hub_db_url == f"sqlite:///{tmp_path}/jupyterhub.sqlite"


def test_postgresql_gets_a_hub_database_on_the_same_server(monkeypatch, tmp_path):
    monkeypatch.delenv("INTERVIEWHUB_HUB_DB_URL", raising=False)
    monkeypatch.setenv(
        "INTERVIEWHUB_DB_URL", "postgresql+psycopg://ih:s%40cret@db.example:6543/interviews?sslmode=require"
    )
    url = InterviewHubSettings().hub_db_url
    # password (with its escaping), driver, port and options kept; only the name changes
    assert url == "postgresql+psycopg://ih:s%40cret@db.example:6543/interviews_hub?sslmode=require"
    assert hub_db_url_for("postgresql://u@h/ih", str(tmp_path)) == "postgresql://u@h/ih_hub"


def test_an_explicit_hub_database_wins(monkeypatch):
    monkeypatch.setenv("INTERVIEWHUB_DB_URL", "postgresql://u@h/interviews")
    monkeypatch.setenv("INTERVIEWHUB_HUB_DB_URL", "postgresql://u@h/jupyterhub")
    assert InterviewHubSettings().hub_db_url == "postgresql://u@h/jupyterhub"


def test_sqlite_needs_no_database_made(tmp_path):
    assert dbmod.ensure_database(f"sqlite:///{tmp_path}/jupyterhub.sqlite") is False


def test_missing_database_is_made_once(pg_cluster):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{pg_cluster.port}/made_hub"
    assert dbmod.ensure_database(url) is True
    assert psql(pg_cluster, "SELECT 1 FROM pg_database WHERE datname = 'made_hub'") == [(1,)]
    assert dbmod.ensure_database(url) is False  # there already: nothing to do, no error


def test_role_without_createdb_is_told_what_to_create(pg_cluster):
    psql(pg_cluster, "CREATE ROLE plain LOGIN NOCREATEDB")
    url = f"postgresql+psycopg://plain@127.0.0.1:{pg_cluster.port}/interviews_hub"
    with pytest.raises(dbmod.MissingDatabase) as err:
        dbmod.ensure_database(url)
    message = str(err.value)
    assert "'interviews_hub'" in message and "'plain'" in message
    assert 'CREATE DATABASE "interviews_hub" OWNER "plain"' in message
    assert "INTERVIEWHUB_HUB_DB_URL" in message
    assert psql(pg_cluster, "SELECT 1 FROM pg_database WHERE datname = 'interviews_hub'") == []
    # once the operator made it, the same role goes ahead
    psql(pg_cluster, 'CREATE DATABASE "interviews_hub" OWNER plain')
    assert dbmod.ensure_database(url) is False
