"""The room's copy of its problem follows the interview service (extensions/room/problems.py):
re-read when stale, changes broadcast (the planned list to staff only), kept while the service is
away, and a pick made in the room is never undone by a read that started before it. The service
here is a small in-memory stand-in speaking its wire format; the real one is exercised by
tests/integration/test_room_problems_live.py."""

from __future__ import annotations

import asyncio
import json

from interviewhub.extensions.room.live import LiveRoom
from interviewhub.extensions.room.problems import RoomProblems
from interviewhub.extensions.room.service_client import ServiceUnavailable


class Service:
    """GET/PUT problem as service/rooms/problems.py answers them, with a switch to be unreachable."""

    def __init__(self):
        self.problem_id: str | None = None
        self.by: str | None = None
        self.planned: list[str] = []
        self.down = False
        self.reads = 0
        self.read_delay = 0.0

    async def call(self, method, what, body=None, timeout=None):
        if self.down:
            raise ServiceUnavailable(f"{method} {what}: connection refused")
        if method == "PUT":
            self.problem_id, self.by = body["problem_id"], body["actor"]
            return self.state()
        self.reads += 1
        state = self.state()  # what the service saw when the read arrived
        await asyncio.sleep(self.read_delay)
        return {**state, "planned": list(self.planned)}

    def state(self) -> dict:
        problem = {"id": self.problem_id, "title": self.problem_id} if self.problem_id else None
        return {
            "problem_id": self.problem_id,
            "problem": problem,
            "hidden_feedback": "verdicts",
            "by": self.by,
        }


class Room(LiveRoom):
    """A live room that keeps what it would send, per audience."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.sent: list[tuple[str, dict]] = []

    def deliver(self, outgoing, skip=None):
        self.sent += [(o.to if isinstance(o.to, str) else ",".join(o.to), o.message) for o in outgoing]

    def types(self, to: str) -> list[str]:
        return [m["type"] for audience, m in self.sent if audience == to]


def make(tmp_path, refresh: float = 0.05):
    service = Service()
    room = Room(client=service)
    return service, room, RoomProblems(room, str(tmp_path), client=service, refresh_seconds=refresh)


def test_a_pick_made_through_the_service_is_read_broadcast_and_written_for_the_kernel(tmp_path):
    async def main():
        service, room, problems = make(tmp_path)
        assert (await problems.load())["problem_id"] is None
        assert room.sent == []  # the first read is not news
        service.problem_id, service.by = "two-sum", "ingrid"  # PUT through the REST API
        assert (await problems.load())["problem_id"] is None and service.reads == 1  # still fresh
        await asyncio.sleep(0.06)
        assert (await problems.load())["problem_id"] == "two-sum" and service.reads == 2
        assert room.types("all") == ["problem"] and room.sent[0][1]["by"] == "ingrid"
        assert "planned" not in room.sent[0][1] and "planned" not in problems.current
        public = json.loads((tmp_path / ".interviewhub" / "problem.json").read_text())
        assert public["problem_id"] == "two-sum"
        await asyncio.sleep(0.06)
        await problems.load()  # nothing changed: nothing sent
        assert room.types("all") == ["problem"]

    asyncio.run(main())


def test_the_planned_list_goes_to_staff_only_and_only_when_it_changes(tmp_path):
    async def main():
        service, room, problems = make(tmp_path)
        service.planned = ["two-sum"]
        await problems.load()
        service.planned = ["two-sum", "valid-bst"]
        await asyncio.sleep(0.06)
        await problems.load()
        assert room.sent == [("staff", room.sent[0][1])]
        assert room.sent[0][1]["type"] == "problem.choices"
        assert room.sent[0][1]["planned"] == ["two-sum", "valid-bst"]
        await asyncio.sleep(0.06)
        await problems.load()
        assert len(room.sent) == 1
        assert "valid-bst" not in json.dumps(problems.public_state())

    asyncio.run(main())


def test_while_the_service_is_away_the_last_copy_is_kept_and_retried_later(tmp_path):
    async def main():
        service, room, problems = make(tmp_path)
        service.problem_id = "two-sum"
        await problems.load()
        service.down = True
        await asyncio.sleep(0.06)
        assert (await problems.load())["problem_id"] == "two-sum"  # no 503 for the panel
        service.down = False
        service.problem_id = "merge-intervals"
        await asyncio.sleep(0.06)
        assert (await problems.load())["problem_id"] == "merge-intervals"

    asyncio.run(main())


def test_a_read_in_flight_never_undoes_a_pick_made_in_the_room(tmp_path):
    async def main():
        service, room, problems = make(tmp_path, refresh=0.0)
        service.problem_id = "two-sum"
        service.read_delay = 0.2
        reading = asyncio.ensure_future(problems.load())  # answers "two-sum", slowly
        await asyncio.sleep(0.05)
        await problems.pick("merge-intervals", None, "ingrid")  # waits for the read, then picks
        await reading
        assert problems.current["problem_id"] == "merge-intervals"
        assert [m["problem_id"] for _, m in room.sent] == ["merge-intervals"]

    asyncio.run(main())


def test_many_panels_asking_at_once_make_one_read(tmp_path):
    async def main():
        service, room, problems = make(tmp_path, refresh=5.0)
        service.read_delay = 0.1
        await asyncio.gather(*(problems.load() for _ in range(20)))
        assert service.reads == 1

    asyncio.run(main())
