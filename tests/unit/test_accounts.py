"""Staff accounts: password hashing, sign-in checks, username rules, the first admin."""

from __future__ import annotations

import sqlite3

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from interviewhub.hub import accounts
from interviewhub.hub.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    AccountStore,
    validate_username,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def real_store(sessions) -> AccountStore:
    """The store with the product's own password hasher (slow on purpose)."""
    return AccountStore(sessions)


@pytest.fixture
def store(real_store, monkeypatch) -> AccountStore:
    """Same store, but hashing with tiny argon2id costs so the suite stays fast; the real
    parameters are checked once in test_password_is_stored_as_an_argon2id_hash..."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    return real_store


def db_file(db_url: str) -> str:
    return db_url.removeprefix("sqlite:///")


# -- passwords ----------------------------------------------------------------------------


def test_password_is_stored_as_an_argon2id_hash_never_in_clear(real_store, db_url):
    real_store.create("alice", "interviewer", PASSWORD)

    with sqlite3.connect(db_file(db_url)) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM accounts WHERE username='alice'").fetchone()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    params = extract_parameters(stored)
    assert params.type is Type.ID
    # at least OWASP's minimum for argon2id (19 MiB, 2 iterations)
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert PasswordHasher().verify(stored, PASSWORD)
    assert real_store.verify("alice", PASSWORD) is not None
    assert real_store.verify("alice", "wrong password") is None


def test_verify_accepts_the_right_password_and_refuses_a_wrong_one(store):
    store.create("alice", "interviewer", PASSWORD)

    account = store.verify("alice", PASSWORD)
    assert account is not None and account.username == "alice" and account.role == "interviewer"
    assert store.verify("alice", PASSWORD + "!") is None
    assert store.verify("alice", "") is None


def test_verify_normalises_the_typed_username(store):
    store.create("alice", "interviewer", PASSWORD)
    account = store.verify("  Alice ", PASSWORD)
    assert account is not None and account.username == "alice"


def test_inactive_account_cannot_sign_in_even_with_the_right_password(store):
    store.create("alice", "interviewer", PASSWORD)
    store.update("alice", active=False)
    assert store.verify("alice", PASSWORD) is None


def test_unknown_user_returns_none(store):
    assert store.get("nobody") is None
    assert store.verify("nobody", PASSWORD) is None


def test_oauth_only_account_has_no_password_and_cannot_sign_in_with_one(store):
    account = store.create("olga", "interviewer", password=None)
    assert account.password_hash is None
    assert store.verify("olga", PASSWORD) is None
    assert store.verify("olga", "") is None


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD_LENGTH - 1)])
def test_short_password_is_refused_and_no_account_is_made(store, password):
    with pytest.raises(AccountError, match="at least 8 characters"):
        store.create("alice", "interviewer", password)
    assert store.get("alice") is None


def test_password_of_exactly_the_minimum_length_is_accepted(store):
    store.create("alice", "interviewer", "x" * MIN_PASSWORD_LENGTH)
    assert store.verify("alice", "x" * MIN_PASSWORD_LENGTH) is not None


def test_unknown_role_is_refused(store):
    with pytest.raises(AccountError, match="role must be one of"):
        store.create("alice", "superuser", PASSWORD)
    assert store.get("alice") is None


# -- usernames ----------------------------------------------------------------------------


def test_username_is_stripped_and_lowercased(store):
    account = store.create("  Bob.Smith_2 ", "interviewer", PASSWORD)
    assert account.username == "bob.smith_2"
    assert store.get("bob.smith_2") is not None
    assert account.display_name == "bob.smith_2"  # default display name is the username


@pytest.mark.parametrize("name", ["room-1", "candidate-7", "Room-2", " CANDIDATE-x", "room-"])
def test_reserved_prefixes_are_refused(store, name):
    with pytest.raises(AccountError, match="reserved"):
        store.create(name, "interviewer", PASSWORD)
    assert store.list() == []


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "a b",
        "al/ice",
        "alice@example.org",
        "-alice",
        ".alice",
        "_alice",
        "ålice",
        "alice\nroot",
        "alice;drop",
        "a" * 65,
    ],
)
def test_bad_usernames_are_refused(store, name):
    with pytest.raises(AccountError, match="username must be 1-64 characters"):
        store.create(name, "interviewer", PASSWORD)
    assert store.list() == []


@pytest.mark.parametrize("name", ["a", "a" * 64, "0day", "ann.lee", "ann_lee", "ann-lee", "roomy", "room"])
def test_good_usernames_are_accepted(name):
    assert validate_username(name) == name


def test_duplicate_username_is_refused_including_after_normalisation(store):
    store.create("alice", "interviewer", PASSWORD)
    for again in ("alice", "ALICE", " alice "):
        with pytest.raises(AccountError, match="already exists"):
            store.create(again, "admin", PASSWORD + "2")
    assert [a.username for a in store.list()] == ["alice"]
    assert store.get("alice").role == "interviewer"  # the original is untouched


def test_list_is_sorted_by_username(store):
    for name in ("carol", "alice", "bob"):
        store.create(name, "interviewer", password=None)
    assert [a.username for a in store.list()] == ["alice", "bob", "carol"]


# -- first admin --------------------------------------------------------------------------


def test_ensure_admin_creates_one_admin_with_a_generated_password_only_once(store):
    generated = store.ensure_admin("admin")

    assert generated and len(generated) >= 16
    admin = store.verify("admin", generated)
    assert admin is not None and admin.role == "admin" and admin.display_name == "Administrator"

    # later starts: nothing new, no new password, the first one still works
    assert store.ensure_admin("admin") is None
    assert store.ensure_admin("root") is None
    assert [(a.username, a.role) for a in store.list()] == [("admin", "admin")]
    assert store.verify("admin", generated) is not None


def test_ensure_admin_uses_a_configured_password_and_returns_nothing_to_print(store):
    assert store.ensure_admin("boss", PASSWORD) is None
    assert store.verify("boss", PASSWORD).role == "admin"


def test_ensure_admin_does_nothing_when_an_admin_already_exists(store):
    store.create("alice", "admin", PASSWORD)
    assert store.ensure_admin("admin") is None
    assert store.get("admin") is None


def test_generated_admin_passwords_differ(tmp_path, store):
    from interviewhub.hub import db as dbmod

    passwords = set()
    for i in range(2):
        url = f"sqlite:///{tmp_path / f'db{i}.sqlite'}"
        dbmod.upgrade(url)
        passwords.add(AccountStore(dbmod.sessions(url)).ensure_admin("admin"))
    assert len(passwords) == 2


# -- updates ------------------------------------------------------------------------------


def test_update_password_replaces_the_old_one(store):
    store.create("alice", "interviewer", PASSWORD)
    old_hash = store.get("alice").password_hash

    store.update("alice", password="a brand new password")

    assert store.verify("alice", "a brand new password") is not None
    assert store.verify("alice", PASSWORD) is None
    new_hash = store.get("alice").password_hash
    assert new_hash != old_hash and new_hash.startswith("$argon2id$")


def test_update_gives_an_oauth_only_account_a_password(store):
    store.create("olga", "interviewer", password=None)
    store.update("olga", password=PASSWORD)
    assert store.verify("olga", PASSWORD) is not None


def test_update_refuses_a_short_password_and_keeps_the_old_one(store):
    store.create("alice", "interviewer", PASSWORD)
    with pytest.raises(AccountError, match="at least 8 characters"):
        store.update("alice", password="short")
    assert store.verify("alice", PASSWORD) is not None


def test_update_refuses_an_unknown_role_and_an_unknown_user(store):
    store.create("alice", "interviewer", PASSWORD)
    with pytest.raises(AccountError, match="role must be one of"):
        store.update("alice", role="superuser")
    assert store.get("alice").role == "interviewer"
    with pytest.raises(AccountError, match="no such user"):
        store.update("nobody", password=PASSWORD)


def test_update_role_and_reactivate(store):
    store.create("alice", "interviewer", PASSWORD)
    store.update("alice", role="admin", active=False)
    store.update("alice", active=True)
    account = store.verify("alice", PASSWORD)
    assert account is not None and account.role == "admin"


def test_update_finds_the_account_by_the_name_as_typed_at_creation(store):
    store.create("Alice", "interviewer", PASSWORD)  # stored as "alice"
    store.update("Alice", password="a brand new password")
    assert store.verify("alice", "a brand new password") is not None
