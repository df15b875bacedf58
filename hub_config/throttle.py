"""Login throttling: slow down password guessing per account and per client address."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from traitlets import Float, Integer
from traitlets.config import LoggingConfigurable


@dataclass
class _Failures:
    count: int = 0
    last: float = field(default_factory=time.monotonic)
    locked_until: float = 0.0

    def quiet_since(self) -> float:
        """When this key last failed or its lockout ended, whichever is later."""
        return max(self.last, self.locked_until)


class LoginThrottle(LoggingConfigurable):
    """After `max_failures` failed logins within `window` seconds, refuse for a lockout that
    doubles with every further failure (up to `max_lockout`). A success clears the record.
    Keys are "user:<name>" or "ip:<address>"; addresses get a higher limit."""

    max_failures = Integer(5, help="Failed logins per account and window before lockout.").tag(config=True)
    max_failures_per_address = Integer(
        30, help="Failed logins per client address and window (many people may share one address)."
    ).tag(config=True)
    window = Float(300.0, help="Quiet seconds after which past failures are forgotten.").tag(config=True)
    lockout = Float(30.0, help="First lockout in seconds; doubles per further failure.").tag(config=True)
    max_lockout = Float(900.0, help="Longest lockout in seconds.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._records: dict[str, _Failures] = {}

    def retry_after(self, *keys: str) -> float:
        """Seconds until any of `keys` may try again (0 when allowed)."""
        now = time.monotonic()
        waits = [self._records[k].locked_until - now for k in keys if k in self._records]
        return max([0.0, *waits])

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            rec = self._records.get(key)
            # a record is forgotten only after `window` quiet seconds, so a patient guesser
            # keeps climbing towards max_lockout instead of starting over
            if rec is None or now - rec.quiet_since() > self.window:
                rec = self._records[key] = _Failures(last=now)
            rec.count += 1
            rec.last = now
            limit = self.max_failures_per_address if key.startswith("ip:") else self.max_failures
            over = rec.count - limit
            if over >= 0:
                rec.locked_until = now + min(self.lockout * 2**over, self.max_lockout)
                self.log.warning("Login throttled for %s after %d failures", key, rec.count)
        if len(self._records) > 100_000:  # bound memory under a spray of names: drop stale ones
            self._records = {k: v for k, v in self._records.items() if now - v.quiet_since() <= self.window}

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._records.pop(key, None)
