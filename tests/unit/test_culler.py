"""The idle culler's hub config (hub_config/culler.py): its service, its role, and activity
sampled often enough for its timeout. The culler at work: tests/integration/test_idle_culler.py."""

from __future__ import annotations

import pytest
from interviewhub.hub.culler import CULLER, activity_interval, configure
from traitlets.config import Config


def hub_config() -> Config:
    c = Config()
    c.JupyterHub.services = []
    c.JupyterHub.load_roles = []
    return c


@pytest.mark.parametrize(("timeout", "interval"), [("3600", 300), ("600", 150), ("20", 5), ("2", 1)])
def test_activity_is_sampled_at_least_four_times_per_timeout(monkeypatch, timeout, interval):
    monkeypatch.setenv("INTERVIEWHUB_CULL_IDLE_SECONDS", timeout)
    assert activity_interval() == interval
    c = hub_config()
    configure(c)
    assert c.JupyterHub.last_activity_interval == interval
    (service,) = c.JupyterHub.services
    assert service["name"] == CULLER and f"--timeout={timeout}" in service["command"]
    # rooms are stopped, never removed, and their users stay
    assert {"--remove-named-servers=false", "--cull-users=false"} <= set(service["command"])
    (role,) = c.JupyterHub.load_roles
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}


def test_timeout_zero_turns_the_culler_off(monkeypatch):
    monkeypatch.setenv("INTERVIEWHUB_CULL_IDLE_SECONDS", "0")
    c = hub_config()
    configure(c)
    assert c.JupyterHub.services == [] and c.JupyterHub.load_roles == []
    assert "last_activity_interval" not in c.JupyterHub
    assert activity_interval() == 300  # JupyterHub's own default
