"""Login throttling: lockouts per account and per client address, on a fake clock."""

from __future__ import annotations

import types

import pytest
from interviewhub.hub import throttle as throttle_mod
from interviewhub.hub.throttle import LoginThrottle

USER = "user:alice"
IP = "ip:203.0.113.7"


class Clock:
    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    # only this module's clock: the event loop and everything else keep the real one
    monkeypatch.setattr(throttle_mod, "time", types.SimpleNamespace(monotonic=clock))
    return clock


@pytest.fixture
def throttle(clock) -> LoginThrottle:
    return LoginThrottle()


def fail(throttle: LoginThrottle, times: int, *keys: str) -> None:
    for _ in range(times):
        throttle.failed(*keys)


def test_defaults_are_what_the_docs_promise():
    t = LoginThrottle()
    assert (t.max_failures, t.max_failures_per_address) == (5, 30)
    assert (t.window, t.lockout, t.max_lockout) == (300.0, 30.0, 900.0)


def test_unknown_keys_are_allowed(throttle):
    assert throttle.retry_after() == 0
    assert throttle.retry_after(USER, IP) == 0


def test_account_is_locked_after_max_failures(throttle, clock):
    fail(throttle, 4, USER)
    assert throttle.retry_after(USER) == 0  # four wrong passwords: still allowed

    throttle.failed(USER)
    assert throttle.retry_after(USER) == pytest.approx(30.0)

    clock.advance(10)
    assert throttle.retry_after(USER) == pytest.approx(20.0)
    clock.advance(20)
    assert throttle.retry_after(USER) == 0


def test_lockout_of_one_account_does_not_touch_another(throttle):
    fail(throttle, 5, USER)
    assert throttle.retry_after(USER) > 0
    assert throttle.retry_after("user:bob") == 0


def test_each_further_failure_doubles_the_lockout_up_to_the_maximum(throttle, clock):
    fail(throttle, 5, USER)
    waits = [throttle.retry_after(USER)]
    for _ in range(3):
        clock.advance(waits[-1])  # the guesser waits out the lockout, then fails again
        throttle.failed(USER)
        waits.append(throttle.retry_after(USER))
    assert waits == pytest.approx([30.0, 60.0, 120.0, 240.0])


def test_lockout_is_capped_at_max_lockout(clock):
    throttle = LoginThrottle(lockout=100.0, max_lockout=150.0, window=10_000.0)
    fail(throttle, 5, USER)
    assert throttle.retry_after(USER) == pytest.approx(100.0)
    clock.advance(100)
    throttle.failed(USER)
    assert throttle.retry_after(USER) == pytest.approx(150.0)  # not 200
    clock.advance(150)
    throttle.failed(USER)
    assert throttle.retry_after(USER) == pytest.approx(150.0)


def test_address_keys_get_the_higher_per_address_limit(throttle):
    fail(throttle, 29, IP)
    assert throttle.retry_after(IP) == 0  # many people may share one address
    throttle.failed(IP)
    assert throttle.retry_after(IP) == pytest.approx(30.0)


def test_per_address_limit_is_configurable(clock):
    throttle = LoginThrottle(max_failures_per_address=3)
    fail(throttle, 2, IP)
    assert throttle.retry_after(IP) == 0
    throttle.failed(IP)
    assert throttle.retry_after(IP) > 0


def test_login_style_keys_lock_the_account_but_not_the_address(throttle):
    """What the authenticator does: count a failure against both the account and the address."""
    fail(throttle, 5, USER, IP)
    assert throttle.retry_after(USER, IP) == pytest.approx(30.0)
    # a colleague behind the same NAT can still sign in
    assert throttle.retry_after("user:bob", IP) == 0


def test_password_spraying_from_one_address_locks_the_address(throttle):
    for i in range(30):
        throttle.failed(f"user:victim{i}", IP)
    assert throttle.retry_after("user:someone-else", IP) == pytest.approx(30.0)
    assert throttle.retry_after("user:victim0") == 0  # one failure each: accounts not locked


def test_success_clears_the_failure_count(throttle):
    fail(throttle, 4, USER, IP)
    throttle.succeeded(USER, IP)
    fail(throttle, 4, USER, IP)
    assert throttle.retry_after(USER, IP) == 0


def test_success_clears_an_active_lockout(throttle):
    fail(throttle, 5, USER)
    assert throttle.retry_after(USER) > 0
    throttle.succeeded(USER)
    assert throttle.retry_after(USER) == 0
    fail(throttle, 4, USER)
    assert throttle.retry_after(USER) == 0


def test_failures_within_the_window_add_up(throttle, clock):
    fail(throttle, 4, USER)
    clock.advance(299)
    throttle.failed(USER)
    assert throttle.retry_after(USER) == pytest.approx(30.0)


def test_failures_older_than_the_window_are_forgotten(throttle, clock):
    fail(throttle, 4, USER)
    clock.advance(301)
    fail(throttle, 4, USER)  # a fresh count: 1..4
    assert throttle.retry_after(USER) == 0
    throttle.failed(USER)  # the fifth of the new window
    assert throttle.retry_after(USER) == pytest.approx(30.0)


def test_a_running_lockout_is_not_cut_short_by_the_window(clock):
    throttle = LoginThrottle(lockout=600.0, max_lockout=600.0, window=300.0)
    fail(throttle, 5, USER)
    clock.advance(301)  # window over, lockout not
    assert throttle.retry_after(USER) == pytest.approx(299.0)
    throttle.failed(USER)  # counts on, doubling (capped)
    assert throttle.retry_after(USER) == pytest.approx(600.0)


def test_a_patient_guesser_eventually_reaches_max_lockout(throttle, clock):
    waits = []
    for _ in range(40):
        wait = throttle.retry_after(USER)
        if wait:
            clock.advance(wait + 1)  # tries again one second after each lockout ends
        throttle.failed(USER)
        waits.append(throttle.retry_after(USER))
    assert max(waits) == pytest.approx(900.0)
