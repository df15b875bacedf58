"""Schema migrations: empty -> head, idempotent upgrades, downgrade/upgrade, ORM == schema."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from interviewhub.hub import db as dbmod
from interviewhub.hub.models import Account, Base
from sqlalchemy import inspect, select, text

TABLES = {"accounts", "interviews", "invites"}


@pytest.fixture
def empty_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}"


def run(url: str, fn, revision: str) -> None:
    """alembic.command.<fn> on a connection, the way interviewhub.hub.db.upgrade does it."""
    with dbmod.engine_for(url).begin() as conn:
        cfg = dbmod.alembic_config(url)
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def tables(url: str) -> set[str]:
    return set(inspect(dbmod.engine_for(url)).get_table_names())


def current_revision(url: str) -> str | None:
    with dbmod.engine_for(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head(url: str) -> str:
    return ScriptDirectory.from_config(dbmod.alembic_config(url)).get_current_head()


def test_there_is_exactly_one_head(empty_url):
    """Two heads would make `upgrade head` fail at the next start."""
    script = ScriptDirectory.from_config(dbmod.alembic_config(empty_url))
    assert len(script.get_heads()) == 1


def test_upgrade_from_empty_creates_the_tables(empty_url):
    assert tables(empty_url) == set()
    dbmod.upgrade(empty_url)
    assert TABLES <= tables(empty_url)
    assert current_revision(empty_url) == head(empty_url)


def test_upgrade_twice_is_harmless_and_keeps_data(empty_url):
    dbmod.upgrade(empty_url)
    with dbmod.sessions(empty_url)() as db:
        db.add(Account(username="alice", role="admin"))
        db.commit()

    dbmod.upgrade(empty_url)  # every start calls it

    assert current_revision(empty_url) == head(empty_url)
    with dbmod.sessions(empty_url)() as db:
        assert db.scalar(select(Account.username)) == "alice"


def test_downgrade_to_base_then_upgrade_again(empty_url):
    dbmod.upgrade(empty_url)

    run(empty_url, command.downgrade, "base")
    assert tables(empty_url) & TABLES == set()
    assert current_revision(empty_url) is None

    run(empty_url, command.upgrade, "head")
    assert TABLES <= tables(empty_url)
    assert current_revision(empty_url) == head(empty_url)


def test_orm_models_match_the_migrated_schema(db_url):
    with dbmod.engine_for(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_model_column_exists_in_the_database_with_its_nullability(db_url):
    insp = inspect(dbmod.engine_for(db_url))
    for table in Base.metadata.sorted_tables:
        in_db = {c["name"]: c for c in insp.get_columns(table.name)}
        for column in table.columns:
            assert column.name in in_db, f"{table.name}.{column.name} missing from the migration"
            assert in_db[column.name]["nullable"] == column.nullable, f"{table.name}.{column.name}"


def test_unique_usernames_and_invite_tokens_are_enforced_by_the_database(db_url):
    insp = inspect(dbmod.engine_for(db_url))

    def unique_sets(table):
        sets = {tuple(u["column_names"]) for u in insp.get_unique_constraints(table)}
        sets |= {tuple(i["column_names"]) for i in insp.get_indexes(table) if i["unique"]}
        return sets

    assert ("username",) in unique_sets("accounts")
    assert ("token_hash",) in unique_sets("invites")


def test_invites_reference_interviews_with_cascade(db_url):
    (fk,) = inspect(dbmod.engine_for(db_url)).get_foreign_keys("invites")
    assert fk["referred_table"] == "interviews"
    assert fk["constrained_columns"] == ["interview_id"]
    assert (fk.get("options") or {}).get("ondelete") == "CASCADE"


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(db_url):
    with dbmod.engine_for(db_url).connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_alembic_config_escapes_percent_signs_in_the_url():
    """A password with % in a database URL must not break configparser interpolation."""
    url = "postgresql://svc:p%40ss@db/interviews"
    cfg = dbmod.alembic_config(url)
    assert cfg.get_main_option("sqlalchemy.url") == url
