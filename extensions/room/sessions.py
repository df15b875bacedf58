"""One kernel per notebook, even when both participants open it at the same moment.

jupyter_server's sessions handler checks `session_exists(path)` and then creates a session,
with a kernel start (an await of a second or more) in between: two participants opening the
shared notebook together both pass the check and get two sessions with two kernels, and each
then runs code in a kernel the other does not see. Here creation is serialized per path, and
the check repeated inside, so the second request gets the first one's session.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from jupyter_server.services.sessions.sessionmanager import SessionManager


class RoomSessionManager(SessionManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._creating: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def create_session(self, path: str | None = None, **kwargs: Any) -> dict[str, Any]:
        if path is None:
            return await super().create_session(path=path, **kwargs)
        async with self._creating[path]:
            if await self.session_exists(path=path):
                return await self.get_session(path=path)
            return await super().create_session(path=path, **kwargs)
