"""Fixtures for the unit tests: a fresh, migrated SQLite interview database per test."""

from __future__ import annotations

import pytest
from interviewhub.hub import db as dbmod
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def db_url(tmp_path) -> str:
    """URL of an SQLite database in tmp_path, upgraded to the newest schema."""
    url = f"sqlite:///{tmp_path / 'interviews.db'}"
    dbmod.upgrade(url)
    return url


@pytest.fixture
def sessions(db_url) -> sessionmaker[Session]:
    return dbmod.sessions(db_url)
