"""Abandoned rooms are stopped by jupyterhub-idle-culler, run by the hub as a service.

A room nobody has used for `INTERVIEWHUB_CULL_IDLE_SECONDS` (default 1 hour) is stopped; its
files stay, and "Open room" (or the candidate's link, until the interview ends) starts it again.
Ending an interview stops its room at once (service/interviews/scheduling.py); the culler is the safety net
for interviews nobody ended.

"Used" is what reaches the hub as activity: requests and websocket traffic through the proxy (an
open room tab pings its room every 15 s, so people talking with nothing typed count), and what
the room server reports (API calls, kernels). Both are sampled (by default every 5 minutes): a
timeout close to that would stop rooms in use, so the sampling follows the timeout.
"""

from __future__ import annotations

import os
import sys

CULLER = "idle-culler"


def culler_settings() -> tuple[int, int]:
    timeout = int(os.environ.get("INTERVIEWHUB_CULL_IDLE_SECONDS", "3600"))
    every = int(os.environ.get("INTERVIEWHUB_CULL_EVERY_SECONDS", str(max(60, min(600, timeout // 6)))))
    return timeout, every


def activity_interval() -> int:
    """Seconds between activity samples (proxy routes, room servers' reports): a quarter of the
    timeout, at most JupyterHub's own default of 5 minutes."""
    timeout, _ = culler_settings()
    return 300 if timeout <= 0 else max(1, min(300, timeout // 4))


def configure(c) -> None:
    """Add the culler service and its role (the least it needs) to a hub config `c`, and sample
    activity often enough for its timeout (rooms: JUPYTERHUB_ACTIVITY_INTERVAL=activity_interval())."""
    timeout, every = culler_settings()
    if timeout <= 0:
        return
    c.JupyterHub.last_activity_interval = activity_interval()
    c.JupyterHub.services.append(
        {
            "name": CULLER,
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={timeout}",
                f"--cull-every={every}",
                "--remove-named-servers=false",
                "--cull-users=false",
            ],
        }
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "interviewhub-idle-culler",
            "description": "Stop room servers nobody has used for a while.",
            "services": [CULLER],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        }
    )
