"""Problems in the room: the picked problem, starter files, Run / Run tests, and live results.

HTTP endpoints under /user/room-N/interviewhub/api/problem (the room websocket carries only the
broadcasts, so a 64 KiB submission is not squeezed into the protocol's 64 KiB frames):

- `GET  problem`        the problem's public part and the last result (as the caller may see it)
- `PUT  problem`        staff: pick or switch (`{"problem_id", "hidden_feedback"?}`)
- `POST problem/files`  `{"language"}`: solution.<ext> from the starter, only if absent
- `POST problem/run`    `{"language", "code", "mode": "run"|"tests", "stdin"?}`

The room's copy of the problem is re-read from the service when it is older than
`refresh_seconds` (on request, and in the background while anyone is connected), so a pick made
through the service directly (its REST API, the dashboard) or a change to the interview's planned
problems reaches a running room within seconds, broadcast like a pick made here (`problem` to all;
`problem.choices` with the planned ids to staff only, candidates never learn what is planned).

Grading never happens here: the code goes to the interview service with the room's token, and
the service grades it with the problem's limits and records it. The service answers with a staff
view and a candidate view; staff sockets get the first, everyone else the second. Hidden tests
are never in either view's test list for candidates, never written to a file, never sent to a
kernel. The kernel gets the public part only (`.interviewhub/problem.json`, widgets/problem.py)
and asks for hidden grading through request files in `.interviewhub/requests/` (see
docs/problems.md, "In the room").
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado import web
from traitlets import Float, Integer
from traitlets.config import LoggingConfigurable

from . import protocol as p
from .protocol import server_message
from .service_client import RoomServiceClient, ServiceUnavailable
from .state import Outgoing

MAX_CODE_BYTES = 64 * 1024
LANGUAGES = {
    "python": "solution.py",
    "javascript": "solution.js",
    "java": "Solution.java",
    "cpp": "solution.cpp",
}
PUBLIC_DIR = ".interviewhub"  # public problem data for the kernel's widget, and its requests
AUTH_RESOURCE = "interviewhub_room"


class RoomProblemsError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class RoomProblems(LoggingConfigurable):
    """The room's problem and its runs; one per room server (settings["interviewhub_problems"])."""

    request_poll_seconds = Float(0.5, help="How often the kernel's grading requests are looked for.").tag(
        config=True
    )
    max_pending_requests = Integer(4, help="Kernel grading requests taken per poll.").tag(config=True)
    refresh_seconds = Float(
        2.0,
        help="The room's problem (and the interview's planned problems) is re-read from the interview "
        "service when older than this: how soon a pick made through the service's API or dashboard "
        "reaches an open room.",
    ).tag(config=True)
    grade_timeout = Float(
        300.0,
        help="Seconds a run may take to be graded by the service. Time limits are CPU time, so a "
        "never-ending solution costs each test its full limit (a minute and more on a loaded host); "
        "the room's usual request timeout (10 s) would report it as not graded.",
    ).tag(config=True)
    max_running = Integer(
        2,
        help="Runs of this room being graded at once; more are refused (429) so one room cannot "
        "fill the service's grading queue.",
    ).tag(config=True)

    def __init__(self, live, root_dir: str, client: RoomServiceClient | None = None, **kwargs):
        super().__init__(**kwargs)
        self.live = live
        self.root = Path(root_dir)
        self.client = client or live.client
        self.current: dict[str, Any] | None = None  # {problem_id, hidden_feedback, by, problem}
        self.last: dict[str, Any] | None = None  # {kind, staff, candidate, by, ...}
        self.planned: list[str] | None = None  # the interview's planned problem ids (staff only)
        self.running = 0
        self._poller: asyncio.Task | None = None
        self._loaded_at = 0.0  # time.monotonic() of the last answer from the service
        self._lock = asyncio.Lock()  # one read or pick at a time: a stale read never undoes a pick

    # -- the problem --------------------------------------------------------------------------
    @property
    def stale(self) -> bool:
        return self.current is None or time.monotonic() - self._loaded_at >= self.refresh_seconds

    async def load(self) -> dict[str, Any]:
        """The room's problem, re-read from the service when stale. While the service is away the
        last copy is kept (runs name its problem; the service refuses them if it changed)."""
        if not self.stale:
            return self.current
        async with self._lock:
            if not self.stale:  # someone else read it while we waited
                return self.current
            try:
                fetched = await self.client.call("GET", "problem")
            except ServiceUnavailable as e:
                self._loaded_at = time.monotonic()  # the background retries after refresh_seconds
                if self.current is None:
                    raise RoomProblemsError(503, f"the interview service cannot be reached: {e}") from e
                self.log.warning("Keeping the room's problem: cannot re-read it (%s)", e)
                return self.current
            self._adopt(fetched)
        return self.current

    def _adopt(self, fetched: dict[str, Any]) -> None:
        """Take the service's answer; tell the room what changed since the last one."""
        before, planned_before = self.current, self.planned
        planned = fetched.pop("planned", None)
        self.current, self._loaded_at = fetched, time.monotonic()
        if isinstance(planned, list):
            self.planned = [str(x) for x in planned]
        out = []
        if before is None or _pick_of(before) != _pick_of(fetched):
            if before is not None and before.get("problem_id") != fetched.get("problem_id"):
                self.last = None  # that result was for another problem
            self._write_public()
            if before is not None:
                self.log.info("Problem changed through the service: %s", fetched.get("problem_id"))
                out.append(Outgoing(server_message("problem", **self.public_state()), "all"))
        if planned_before is not None and self.planned != planned_before:
            out.append(Outgoing(server_message("problem.choices", planned=self.planned), "staff"))
        if out:
            self.live.deliver(out)

    async def pick(self, problem_id: Any, hidden_feedback: Any, by: str) -> dict[str, Any]:
        body: dict[str, Any] = {"problem_id": problem_id, "actor": by}
        if hidden_feedback is not None:
            body["hidden_feedback"] = hidden_feedback
        async with self._lock:
            try:
                picked = await self.client.call("PUT", "problem", body)
            except ServiceUnavailable as e:
                status = e.code if e.refused else 503
                raise RoomProblemsError(
                    status, f"cannot pick {str(problem_id)[:100]!r}: {e}", "problem_id"
                ) from e
            picked.pop("planned", None)
            self.current, self._loaded_at = picked, time.monotonic()
            self.last = None
            self._write_public()
            self.live.deliver([Outgoing(server_message("problem", **self.public_state()), "all")])
        return self.current

    def public_state(self) -> dict[str, Any]:
        cur = self.current or {}
        return {
            "problem_id": cur.get("problem_id"),
            "problem": cur.get("problem"),
            "hidden_feedback": cur.get("hidden_feedback"),
            "by": cur.get("by"),
        }

    def _write_public(self) -> None:
        """The public part (statement, signature, examples, starters) where the kernel reads it."""
        folder = self.root / PUBLIC_DIR
        try:
            folder.mkdir(exist_ok=True)
            (folder / "requests").mkdir(exist_ok=True)
            (folder / "results").mkdir(exist_ok=True)
            tmp = folder / f".problem.{uuid.uuid4().hex}"
            tmp.write_text(json.dumps(self.public_state()))
            os.replace(tmp, folder / "problem.json")
        except OSError as e:
            self.log.warning("Cannot write the public problem file: %s", e)

    # -- files ----------------------------------------------------------------------------------
    async def ensure_file(self, language: Any) -> dict[str, Any]:
        """solution.<ext> for `language`, from the starter only if it does not exist yet."""
        cur = await self.load()
        if language not in LANGUAGES:
            raise RoomProblemsError(400, f"unknown language {str(language)[:32]!r}", "language")
        problem = cur.get("problem")
        if not problem:
            raise RoomProblemsError(409, "no problem has been picked yet")
        if language not in problem["languages"]:
            raise RoomProblemsError(400, f"{problem['id']} is not offered in {language}", "language")
        name = LANGUAGES[language] if problem["kind"] != "notebook" else "solution.py"
        path = self.root / name
        created = False
        if not path.exists():
            path.write_text(problem["starter"].get(language, ""))
            created = True
        return {"path": name, "language": language, "created": created}

    # -- runs -------------------------------------------------------------------------------------
    async def run(self, by: str, role: str, body: Any, source: str = "editor") -> dict[str, Any]:
        if not isinstance(body, dict):
            raise RoomProblemsError(400, "request body must be a JSON object")
        code, language, mode, stdin = (
            body.get("code"),
            body.get("language"),
            body.get("mode", "tests"),
            body.get("stdin"),
        )
        if not isinstance(code, str):
            raise RoomProblemsError(400, "code: a string is required", "code")
        if len(code.encode("utf-8", "surrogatepass")) > MAX_CODE_BYTES:
            raise RoomProblemsError(413, f"code: submissions are limited to {MAX_CODE_BYTES} bytes", "code")
        if "\x00" in code:
            raise RoomProblemsError(400, "code: contains NUL bytes: not source code", "code")
        if language not in LANGUAGES:
            raise RoomProblemsError(400, f"language: unknown language {str(language)[:32]!r}", "language")
        if mode not in ("run", "tests"):
            raise RoomProblemsError(400, "mode: 'run' or 'tests'", "mode")
        if stdin is not None and (not isinstance(stdin, str) or len(stdin) > MAX_CODE_BYTES):
            raise RoomProblemsError(400, "stdin: a string of at most 64 KiB", "stdin")
        cur = await self.load()
        if not cur.get("problem_id"):
            raise RoomProblemsError(409, "no problem has been picked yet")
        if self.running >= self.max_running:
            raise RoomProblemsError(429, "a run is already being graded; try again when it is done")
        problem_id = cur["problem_id"]
        run_id = uuid.uuid4().hex[:12]
        started = {"run_id": run_id, "by": by, "mode": mode, "language": language, "problem_id": problem_id}
        self.live.deliver([Outgoing(server_message("run.started", **started), "all")])
        self.running += 1

        def progress(line: Any) -> None:
            step = line.get("progress") if isinstance(line, dict) else None
            if isinstance(step, dict):
                self.broadcast_progress(started, step)

        try:
            answer = await self.client.stream(
                "POST",
                "runs",
                {
                    "problem_id": problem_id,
                    "language": language,
                    "code": code,
                    "mode": mode,
                    "stdin": stdin,
                    "actor": by,
                    "source": source,
                },
                progress,
                timeout=self.grade_timeout,
            )
            result = answer["result"] if isinstance(answer, dict) and "result" in answer else None
            if not isinstance(result, dict):
                raise ServiceUnavailable(f"POST runs: no result ({str(answer)[:200]})")
        except ServiceUnavailable as e:
            failed = server_message("run.result", **started, error=str(e)[:300])
            self.live.deliver([Outgoing(failed, "all")])
            status = 400 if e.refused else 503
            raise RoomProblemsError(status, f"not graded: {e}") from e
        finally:
            self.running -= 1
        self.last = {
            **started,
            "kind": result["kind"],
            "staff": result["staff"],
            "candidate": result["candidate"],
        }
        self.broadcast_result(self.last)
        return self.last

    def broadcast_result(self, last: dict[str, Any]) -> None:
        """Staff see everything; candidates and observers the candidate view."""
        base = {k: v for k, v in last.items() if k not in ("staff", "candidate")}
        self._to_views(
            server_message("run.result", **base, result=last["staff"], view="staff"),
            server_message("run.result", **base, result=last["candidate"], view="candidate"),
        )

    def _to_views(self, staff_msg: dict[str, Any], cand_msg: dict[str, Any]) -> None:
        staff = [c.username for c in self.live._audience("staff")]
        others = [name for name, conns in self.live.connections.items() if conns and name not in staff]
        self.live.deliver([Outgoing(staff_msg, "staff"), Outgoing(cand_msg, others)])

    def broadcast_progress(self, started: dict[str, Any], step: dict[str, Any]) -> None:
        """`run.progress` (tests done / total) while the service grades: each view its count."""
        self._to_views(
            server_message("run.progress", **started, **_count(step.get("staff"))),
            server_message("run.progress", **started, **_count(step.get("candidate"))),
        )

    def view_for(self, role: str | None, last: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """A run as `role` may see it (the latest run by default)."""
        last = last or self.last
        if last is None:
            return None
        base = {k: v for k, v in last.items() if k not in ("staff", "candidate")}
        view = "staff" if role in p.STAFF else "candidate"
        return {**base, "result": last[view], "view": view}

    # -- the kernel's requests (widgets/problem.py) -----------------------------------------------
    def start_polling(self) -> None:
        if self._poller is None:
            self._poller = asyncio.ensure_future(self._poll())

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.request_poll_seconds)
            try:
                await self.take_requests()
            except Exception:
                self.log.exception("Kernel grading requests")
            due = time.monotonic() - self._loaded_at >= self.refresh_seconds
            if due and any(self.live.connections.values()):
                try:  # someone is here: changes made through the service reach their panels
                    await self.load()
                except Exception as e:
                    self.log.warning("Cannot refresh the room's problem: %s", e)

    async def take_requests(self) -> None:
        """Each `.interviewhub/requests/<id>.json` (written by the kernel) is graded as a run by
        "kernel"; the candidate view is written to `results/<id>.json`, never the staff view."""
        folder = self.root / PUBLIC_DIR / "requests"
        if not folder.is_dir():
            return
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))[: self.max_pending_requests]
        for name in names:
            rid = name[:-5]
            path = folder / name
            try:
                if path.is_symlink() or not path.is_file() or path.stat().st_size > 2 * MAX_CODE_BYTES:
                    raise RoomProblemsError(413, "request too large or not a file")
                body = json.loads(path.read_bytes())
            except (OSError, ValueError, RoomProblemsError) as e:
                self._answer(rid, {"error": f"bad request: {e}"})
                continue
            finally:
                try:
                    path.unlink()
                except OSError:
                    pass
            if isinstance(body, dict):
                body = {"language": "python", "mode": body.get("mode", "tests"), "code": body.get("code")}
            while self.running >= self.max_running:  # the notebook waits its turn
                await asyncio.sleep(0.2)
            try:
                last = await self.run("notebook", "candidate", body, source="notebook")
                self._answer(rid, {"result": last["candidate"], "run_id": last["run_id"]})
            except RoomProblemsError as e:
                self._answer(rid, {"error": e.message})

    def _answer(self, rid: str, data: dict[str, Any]) -> None:
        if not rid.replace("-", "").isalnum() or len(rid) > 64:
            return
        folder = self.root / PUBLIC_DIR / "results"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{rid}.tmp"
            if tmp.is_symlink():
                tmp.unlink()
            with open(tmp, "x") as f:
                json.dump(data, f)
            os.replace(tmp, folder / f"{rid}.json")
        except OSError as e:
            self.log.warning("Cannot answer kernel request %s: %s", rid, e)


def _count(step: Any) -> dict[str, int]:
    step = step if isinstance(step, dict) else {}
    return {k: int(step[k]) if isinstance(step.get(k), int) else 0 for k in ("done", "total")}


def _pick_of(state: dict[str, Any]) -> tuple:
    return state.get("problem_id"), state.get("hidden_feedback"), state.get("by")


class _Handler(APIHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def problems(self) -> RoomProblems:
        return self.settings["interviewhub_problems"]

    async def who(self, work: bool = False) -> tuple[str, str]:
        """The caller's name and role; with `work`, only those who may run code (not observers,
        not candidates still waiting or after the end)."""
        user = self.current_user
        role = await self.authorizer.role(user) if hasattr(self.authorizer, "role") else "admin"
        if role is None:
            raise web.HTTPError(403, "no role in this room")
        if work:
            live = self.problems.live
            if role == "observer" or not live.state.may_work(user.username, role):
                raise web.HTTPError(403, "you may not run code in this room now")
        return user.username, role

    def body_json(self) -> Any:
        if len(self.request.body) > 4 * MAX_CODE_BYTES:
            raise web.HTTPError(413, "request body too large")
        try:
            return json.loads(self.request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise web.HTTPError(400, "request body is not valid JSON") from None

    def reply(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))

    def _handle_request_exception(self, e):
        if isinstance(e, RoomProblemsError):
            self.set_status(e.status)
            self.set_header("Content-Type", "application/json")
            body = {"status": e.status, "error": e.message}
            if e.field:
                body["field"] = e.field
            self.finish(json.dumps(body))
            return
        return super()._handle_request_exception(e)


class ProblemHandler(_Handler):
    @web.authenticated
    async def get(self):
        _, role = await self.who()
        await self.problems.load()
        self.reply({**self.problems.public_state(), "last": self.problems.view_for(role)})

    @web.authenticated
    async def put(self):
        name, role = await self.who()
        if role not in p.STAFF:
            raise web.HTTPError(403, "only the interviewer picks problems")
        body = self.body_json()
        if not isinstance(body, dict):
            raise web.HTTPError(400, "request body must be a JSON object")
        await self.problems.pick(body.get("problem_id"), body.get("hidden_feedback"), name)
        self.reply(self.problems.public_state())


class ChoicesHandler(_Handler):
    @web.authenticated
    async def get(self):
        """Staff: the bank's problems (summaries) for the picker."""
        _, role = await self.who()
        if role not in p.STAFF:
            raise web.HTTPError(403, "only the interviewer picks problems")
        try:
            self.reply(await self.problems.client.call("GET", "problem/choices"))
        except ServiceUnavailable as e:
            raise web.HTTPError(503, "the interview service cannot be reached") from e


class FilesHandler(_Handler):
    @web.authenticated
    async def post(self):
        await self.who(work=True)
        body = self.body_json()
        language = body.get("language") if isinstance(body, dict) else None
        self.reply(await self.problems.ensure_file(language))


class RunHandler(_Handler):
    @web.authenticated
    async def post(self):
        name, role = await self.who(work=True)
        history = self.settings.get("interviewhub_history")
        if history is not None:  # a snapshot of what is graded (history.py)
            await history.snapshot_all("submission")
        last = await self.problems.run(name, role, self.body_json())
        self.reply(self.problems.view_for(role, last))


HANDLERS = [
    (r"/interviewhub/api/problem", ProblemHandler),
    (r"/interviewhub/api/problem/choices", ChoicesHandler),
    (r"/interviewhub/api/problem/files", FilesHandler),
    (r"/interviewhub/api/problem/run", RunHandler),
]
