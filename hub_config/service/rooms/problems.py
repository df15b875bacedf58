"""Problems in a live room: /services/interviews/api/v1/interviews/<id>/{problem,runs}.

The room server of interview N picks problems and sends code here with its own token; grading
happens here, on the hub side, with the problem's limits. The room gets two views of each
result: `staff` (everything) and `candidate` (visible tests in full; hidden tests as the
interview's `hidden_feedback` allows). Hidden tests themselves never leave this service.

Every pick, run and submission is an `InterviewEvent` (kinds `problem`, `run`, `submission`):
the scorecard and the replay read them, and the latest `problem` event is the room's problem.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from tornado import web
from tornado.iostream import StreamClosedError
from traitlets import Enum
from traitlets.config import LoggingConfigurable

from ....problems.bank import Test, UnknownProblem
from ....problems.grader import GradeError, GradeResult
from ...models import InterviewEvent, InterviewProblem
from ..problems.api import grader_of
from .api import RoomAPIHandler

MAX_CODE_BYTES = 64 * 1024
HIDDEN_FEEDBACK = ("verdicts", "counts", "none")


class RoomProblems(LoggingConfigurable):
    """Defaults for problems in rooms (an interviewer may change `hidden_feedback` per interview)."""

    hidden_feedback = Enum(
        list(HIDDEN_FEEDBACK),
        "verdicts",
        help="What candidates learn of hidden tests: 'verdicts' (how many passed and each verdict "
        "kind), 'counts' (how many passed) or 'none'.",
    ).tag(config=True)


class ProblemPick(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)
    hidden_feedback: Literal["verdicts", "counts", "none"] | None = None
    actor: str = Field("", max_length=128)


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)
    language: str = Field(max_length=32)
    code: str = Field(max_length=MAX_CODE_BYTES + 1)  # bytes are checked by the grader
    mode: Literal["run", "tests"] = "tests"
    stdin: str | None = Field(None, max_length=MAX_CODE_BYTES)
    actor: str = Field("", max_length=128)
    source: str = Field("editor", max_length=32)


def settings_of(app) -> RoomProblems:
    conf = getattr(app, "room_problems", None)
    if conf is None:
        conf = app.room_problems = RoomProblems(parent=app)
    return conf


def current_problem(app, interview_id: int) -> dict[str, Any]:
    """The room's problem (latest `problem` event) and how much of hidden tests candidates see."""
    with app.rooms.sessions() as db:
        ev = db.scalars(
            select(InterviewEvent)
            .where(InterviewEvent.interview_id == interview_id, InterviewEvent.kind == "problem")
            .order_by(InterviewEvent.id.desc())
            .limit(1)
        ).first()
    data = json.loads(ev.data) if ev else {}
    return {
        "problem_id": ev.problem_id if ev else None,
        "hidden_feedback": data.get("hidden_feedback") or settings_of(app).hidden_feedback,
        "by": ev.actor if ev else None,
    }


def planned_problems(app, interview_id: int) -> list[str]:
    """The interview's planned problem ids, in order (schedule or PATCH /interviews/<id>)."""
    with app.rooms.sessions() as db:
        return list(
            db.scalars(
                select(InterviewProblem.problem_id)
                .where(InterviewProblem.interview_id == interview_id)
                .order_by(InterviewProblem.position)
            ).all()
        )


def record(app, interview_id: int, kind: str, actor: str, problem_id: str, verdict: str, data: dict) -> None:
    with app.rooms.sessions() as db:
        db.add(
            InterviewEvent(
                interview_id=interview_id,
                kind=kind,
                actor=actor[:128],
                problem_id=problem_id,
                verdict=verdict[:40],
                data=json.dumps(data),
            )
        )
        db.commit()


def candidate_view(result: dict[str, Any], feedback: str) -> dict[str, Any]:
    """A staff result (hidden revealed) cut down to what the candidate may see."""
    visible = [t for t in result["tests"] if not t["hidden"]]
    hidden = [t for t in result["tests"] if t["hidden"]]
    out = {k: v for k, v in result.items() if k != "tests"}
    out["tests"] = visible
    summary: dict[str, Any] = {"feedback": feedback}
    if feedback in ("verdicts", "counts"):
        summary["total"] = len(hidden)
        summary["passed"] = sum(t["verdict"] == "Accepted" for t in hidden)
    if feedback == "verdicts":
        kinds: dict[str, int] = {}
        for t in hidden:
            kinds[t["verdict"]] = kinds.get(t["verdict"], 0) + 1
        summary["verdicts"] = kinds
    out["hidden"] = summary
    if feedback != "verdicts" and any(t["verdict"] != "Accepted" for t in hidden):
        # the overall verdict would tell which kind of hidden failure: say only that one failed
        if all(t["verdict"] == "Accepted" for t in visible):
            out["verdict"] = "Failed" if feedback == "counts" else "Not accepted"
    out["passed"] = sum(t["verdict"] == "Accepted" for t in visible)
    out["total"] = len(visible)
    return out


class GradingProgress:
    """Tests done / total while a run is graded, as each view may see it: staff count every
    test; candidates too unless hidden feedback is 'none' (then visible tests only, so the
    number of hidden tests stays unknown). At most one event per `interval` seconds."""

    def __init__(self, tests: list[Test], feedback: str, interval: float = 0.2):
        self.hidden = [t.hidden for t in tests]
        self.visible_only = feedback == "none"
        self.interval = interval
        self.done: set[int] = set()
        self.changed = asyncio.Event()

    def listener(self, loop: asyncio.AbstractEventLoop):
        """The grader's progress callback (called in grading threads)."""

        def progress(done: int, total: int, index: int) -> None:
            loop.call_soon_threadsafe(self._finished, index)

        return progress

    def _finished(self, index: int) -> None:
        self.done.add(index)
        self.changed.set()

    def event(self) -> dict[str, Any]:
        staff = {"done": len(self.done), "total": len(self.hidden)}
        if not self.visible_only:
            return {"staff": staff, "candidate": staff}
        visible = [i for i, hidden in enumerate(self.hidden) if not hidden]
        done = sum(i in self.done for i in visible)
        return {"staff": staff, "candidate": {"done": done, "total": len(visible)}}

    async def events(self, grading: asyncio.Future):
        """An event after each change (throttled) until grading ends; the first one at once."""
        yield self.event()
        last = time.monotonic()
        while not grading.done():
            waiter = asyncio.ensure_future(self.changed.wait())
            await asyncio.wait([waiter, grading], return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if grading.done():
                return
            await asyncio.sleep(max(0.0, last + self.interval - time.monotonic()))
            self.changed.clear()
            last = time.monotonic()
            yield self.event()


class ProblemHandler(RoomAPIHandler):
    def get(self, interview_id: str):
        """The room's problem: its public part (never hidden tests) and the feedback setting."""
        iid = int(interview_id)
        self.allow(iid)
        cur = current_problem(self.app, iid)
        cur["problem"] = self._public(cur["problem_id"]) if cur["problem_id"] else None
        cur["planned"] = planned_problems(self.app, iid)  # the room shows these to staff only
        self._json(cur)

    def put(self, interview_id: str):
        """Pick (or switch) the problem: the room server on behalf of an interviewer, or staff."""
        iid = int(interview_id)
        self.allow(iid)
        spec = self.body(ProblemPick)
        public = self._public(spec.problem_id)
        actor = (spec.actor or self.person.name) if self.is_room(iid) else self.person.name
        feedback = spec.hidden_feedback or current_problem(self.app, iid)["hidden_feedback"]
        record(self.app, iid, "problem", actor, spec.problem_id, "", {"hidden_feedback": feedback})
        self._json(
            {"problem_id": spec.problem_id, "hidden_feedback": feedback, "by": actor, "problem": public}
        )

    def _public(self, problem_id: str) -> dict[str, Any]:
        try:
            return grader_of(self.app).bank.get(problem_id).public()
        except UnknownProblem:
            self.bad_field = "problem_id"
            raise web.HTTPError(404, f"no problem {problem_id!r}") from None

    def _json(self, data: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))


class RunsHandler(RoomAPIHandler):
    async def post(self, interview_id: str):
        """Grade code for the room (only the room server itself) and record it."""
        iid = int(interview_id)
        self.allow(iid, staff=False)
        if len(self.request.body) > 4 * MAX_CODE_BYTES:
            raise web.HTTPError(413, "request body too large")
        spec = self.body(RunRequest)
        grader = grader_of(self.app)
        try:
            problem, text = grader.check_submission(spec.problem_id, spec.language, spec.code)
        except GradeError as e:
            self.bad_field = "code" if "submission" in str(e) else "language"
            if "unknown problem" in str(e):
                self.bad_field = "problem_id"
            raise web.HTTPError(400, str(e)) from e
        if spec.mode == "tests":
            tests = grader.resolve_tests(problem)
        elif spec.stdin is not None:
            tests = [self._custom_test(problem, spec.stdin)]
        else:
            tests = list(problem.visible)
        feedback = current_problem(self.app, iid)["hidden_feedback"]
        stream = "application/x-ndjson" in self.request.headers.get("Accept", "")
        progress = GradingProgress(tests, feedback) if stream else None
        loop = asyncio.get_running_loop()
        grading = loop.run_in_executor(
            self.app.grading_pool,
            functools.partial(
                grader.run_tests, problem, spec.language, text, tests, progress and progress.listener(loop)
            ),
        )
        if progress is not None:
            self.set_header("Content-Type", "application/x-ndjson")
            try:
                async for event in progress.events(grading):
                    self.write(json.dumps({"progress": event}) + "\n")
                    await self.flush()
            except StreamClosedError:
                pass  # the room went away: grading still finishes and is recorded
        result: GradeResult = await grading
        staff = result.to_dict(reveal_hidden=True)
        if spec.mode == "run" and spec.stdin is not None and result.tests:
            custom = staff["tests"][0]  # no expected output: it ran, here is what it gave
            if custom["verdict"] == "Accepted":
                custom["verdict"] = staff["verdict"] = "Ran"
            custom["actual"], custom["expected"] = result.tests[0].actual, None
        candidate = candidate_view(staff, feedback)
        kind = "submission" if spec.mode == "tests" else "run"
        record(
            self.app,
            iid,
            kind,
            spec.actor or self.person.name,
            spec.problem_id,
            staff["verdict"],
            {
                "language": spec.language,
                "code": text,
                "stdin": spec.stdin,
                "source": spec.source,
                "passed": staff["passed"],
                "total": staff["total"],
                "verdicts": [t["verdict"] for t in staff["tests"]],
            },
        )
        answer = {"kind": kind, "staff": staff, "candidate": candidate}
        if progress is not None:
            with contextlib.suppress(StreamClosedError):
                self.finish(json.dumps({"result": answer}) + "\n")
            return
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(answer))

    def _custom_test(self, problem, stdin: str) -> Test:
        if problem.meta.kind == "stdio":
            return Test(name="custom input", hidden=False, input=stdin, expected=None)
        try:
            args = json.loads(stdin)
        except ValueError:
            args = None
        names = [p.name for p in problem.meta.function.params] if problem.meta.function else []
        if not isinstance(args, dict) or sorted(args) != sorted(names):
            self.bad_field = "stdin"
            raise web.HTTPError(400, f"stdin: custom input is a JSON object of the arguments {names}")
        return Test(name="custom input", hidden=False, input=args, expected=None)

    def get(self, interview_id: str):
        """Every run and submission of the interview (staff): when, who, code, verdicts."""
        iid = int(interview_id)
        self.allow(iid)
        if self.is_room(iid):
            raise web.HTTPError(403, "staff only")
        with self.app.rooms.sessions() as db:
            rows = db.scalars(
                select(InterviewEvent)
                .where(InterviewEvent.interview_id == iid, InterviewEvent.kind.in_(("run", "submission")))
                .order_by(InterviewEvent.id)
            ).all()
            items = [
                {
                    "kind": e.kind,
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "problem_id": e.problem_id,
                    "verdict": e.verdict,
                    **json.loads(e.data),
                }
                for e in rows
            ]
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"items": items}))


class ChoicesHandler(RoomAPIHandler):
    def get(self, interview_id: str):
        """The bank's problems to pick from (summaries: no tests), the interview's planned ones first."""
        iid = int(interview_id)
        self.allow(iid)
        problems, _ = grader_of(self.app).bank.load_all()
        planned = planned_problems(self.app, iid)
        order = {pid: i for i, pid in enumerate(planned)}
        items = [{**p.summary(), "planned": p.id in order} for p in problems]
        items.sort(key=lambda it: (order.get(it["id"], len(order)), it["title"].lower()))
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"items": items}))


ROUTES = [
    (r"/api/v1/interviews/(\d+)/problem/choices", ChoicesHandler),
    (r"/api/v1/interviews/(\d+)/problem", ProblemHandler),
    (r"/api/v1/interviews/(\d+)/runs", RunsHandler),
]


def openapi_paths(errors, id_param) -> dict[str, Any]:
    """These endpoints for rooms/openapi.py (`errors`, `id_param`: the document's helpers)."""

    def body(model: type[BaseModel]) -> dict[str, Any]:
        return {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}

    def ok(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}

    return {
        "/interviews/{interview_id}/problem": {
            "get": {
                "summary": "The room's problem: public part (no hidden tests), feedback, who picked it",
                "parameters": id_param,
                "responses": {
                    "200": ok("{problem_id, problem, hidden_feedback, by, planned}"),
                    **errors(401, 403, 404),
                },
            },
            "put": {
                "summary": "Pick or switch the room's problem (the room server, or staff managing it)",
                "parameters": id_param,
                "requestBody": body(ProblemPick),
                "responses": {"200": ok("The room's problem"), **errors(400, 401, 403, 404)},
            },
        },
        "/interviews/{interview_id}/problem/choices": {
            "get": {
                "summary": "The bank's problems (summaries) for the room's picker",
                "parameters": id_param,
                "responses": {"200": ok("{items: [summary]}"), **errors(401, 403, 404)},
            },
        },
        "/interviews/{interview_id}/runs": {
            "get": {
                "summary": "Every run and submission: when, who, code, language, verdicts (staff)",
                "parameters": id_param,
                "responses": {"200": ok("{items: [run]}"), **errors(401, 403, 404)},
            },
            "post": {
                "summary": "Grade code for the room (its own server only) and record it",
                "parameters": id_param,
                "requestBody": body(RunRequest),
                "responses": {
                    "200": ok(
                        "{kind, staff, candidate}; with `Accept: application/x-ndjson`, one JSON line per "
                        "progress step ({progress: {staff: {done, total}, candidate: {done, total}}}) "
                        "while grading, then {result: {kind, staff, candidate}}"
                    ),
                    **errors(400, 401, 403, 413),
                },
            },
        },
    }
