"""REST API v1 for the problem bank and the grader: /services/interviews/api/v1/problems...

Staff only for now (candidates will grade through their room later). Grading runs here, on the
hub side, in the grader's sandboxes; a small thread pool bounds how many run at once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tornado import web

from ....problems.bank import ProblemError, UnknownProblem, public_test
from ....problems.grader import GradeError, Grader
from ..base import APIHandler
from . import schemas

PROBLEM_ID = r"([a-z0-9]+(?:-[a-z0-9]+)*)"


def grader_of(app) -> Grader:
    """The service's grader (configurable as c.Grader / c.ProblemBank), made on first use."""
    grader = getattr(app, "grader", None)
    if grader is None:
        grader = app.grader = Grader(parent=app)
        app.grading_pool = ThreadPoolExecutor(max(1, grader.workers // 2) or 1, thread_name_prefix="grade")
    return grader


class ProblemsHandler(APIHandler):
    def get(self):
        self.require("admin", "interviewer")
        problems, _ = grader_of(self.app).bank.load_all()
        self.send(schemas.ProblemList(items=[schemas.ProblemSummary(**p.summary()) for p in problems]))


class _ProblemHandler(APIHandler):
    def problem(self, problem_id: str):
        try:
            return grader_of(self.app).bank.get(problem_id)
        except UnknownProblem:
            raise web.HTTPError(404, f"no problem {problem_id!r}") from None
        except ProblemError as e:
            raise web.HTTPError(500, f"problem {problem_id!r} is broken: {e.message}") from e


class ProblemHandler(_ProblemHandler):
    def get(self, problem_id: str):
        person = self.require("admin", "interviewer")
        problem = self.problem(problem_id)
        data = problem.public()
        if person.is_staff:  # hidden tests: staff only
            data["hidden"] = [public_test(t) for t in problem.hidden]
        self.send(schemas.ProblemDetail(**data))


class GradeHandler(_ProblemHandler):
    async def post(self, problem_id: str):
        person = self.require("admin", "interviewer")
        if len(self.request.body) > 256 * 1024:
            raise web.HTTPError(413, "request body too large")
        spec = self.body(schemas.GradeRequest)
        self.problem(problem_id)
        grader = grader_of(self.app)
        loop = asyncio.get_running_loop()
        try:
            # refused at once, not after the submissions queued before it (NUL, not UTF-8, size)
            grader.check_submission(problem_id, spec.language, spec.code)
            result = await loop.run_in_executor(
                self.app.grading_pool, grader.grade, problem_id, spec.language, spec.code
            )
        except GradeError as e:
            self.bad_field = "code" if "submission" in str(e) else "language"
            raise web.HTTPError(400, str(e)) from e
        self.send(schemas.GradeResult(**result.to_dict(reveal_hidden=person.is_staff)))


ROUTES = [
    (r"/api/v1/problems", ProblemsHandler),
    (rf"/api/v1/problems/{PROBLEM_ID}", ProblemHandler),
    (rf"/api/v1/problems/{PROBLEM_ID}/grade", GradeHandler),
]
