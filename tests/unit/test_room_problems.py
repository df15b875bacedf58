"""Problems in the room without servers: what candidates see of a result, the widget's source
collection and local checks, and the room server's handling of the kernel's request files."""

from __future__ import annotations

import asyncio
import json

import pytest
from interviewhub.extensions.room.live import LiveRoom
from interviewhub.extensions.room.problems import RoomProblems, RoomProblemsError
from interviewhub.hub.service.rooms.problems import candidate_view
from interviewhub.problems.bank import ProblemBank
from interviewhub.widgets.problem import Problem, _same, notebook_source


def staff_result(hidden_verdicts: list[str]) -> dict:
    tests = [{"name": "example 1", "hidden": False, "verdict": "Accepted", "expected": None, "actual": None}]
    tests += [
        {"name": f"secret {i}", "hidden": True, "verdict": v, "expected": [i], "actual": [0]}
        for i, v in enumerate(hidden_verdicts)
    ]
    verdict = next((t["verdict"] for t in tests if t["verdict"] != "Accepted"), "Accepted")
    return {"verdict": verdict, "passed": 0, "total": len(tests), "tests": tests, "compile_output": ""}


@pytest.mark.parametrize("feedback", ["verdicts", "counts", "none"])
def test_candidate_view_never_has_hidden_tests(feedback):
    view = candidate_view(staff_result(["Accepted", "Wrong Answer", "Time Limit Exceeded"]), feedback)
    text = json.dumps(view)
    assert "secret" not in text and all(not t["hidden"] for t in view["tests"])
    assert view["passed"] == view["total"] == 1
    if feedback == "none":
        assert view["hidden"] == {"feedback": "none"} and view["verdict"] == "Not accepted"
        assert "Time Limit" not in text and "Wrong" not in text
    elif feedback == "counts":
        assert view["hidden"] == {"feedback": "counts", "total": 3, "passed": 1}
        assert view["verdict"] == "Failed" and "Time Limit" not in text
    else:
        assert view["hidden"]["verdicts"] == {"Accepted": 1, "Wrong Answer": 1, "Time Limit Exceeded": 1}
        assert view["verdict"] == "Wrong Answer"


def test_notebook_source_keeps_definitions_and_imports_latest_wins():
    cells = [
        "import math\nx = 1\ndef f(a):\n    return 0\n",
        "from interviewhub.widgets import Problem\nProblem('two-sum')",
        "@staticmethod\ndef f(a):\n    return math.sqrt(a)\nclass K:\n    pass\nprint(f(4))",
        "def broken(:",
    ]
    src = notebook_source({"In": cells})
    assert "import math" in src and "interviewhub" not in src and "print" not in src and "x = 1" not in src
    assert src.count("def f") == 1 and "math.sqrt" in src and "@staticmethod" in src and "class K" in src
    compile(src, "solution.py", "exec")


def test_same_compares_like_the_grader():
    assert _same([0, 1], (0, 1)) and _same(0.1 + 0.2, 0.3) and not _same(1, True) and not _same([1], [1, 2])


def test_widget_runs_examples_in_the_kernel_and_refuses_other_problems(tmp_path):
    public = ProblemBank().get("two-sum").public()
    (tmp_path / "problem.json").write_text(json.dumps({"problem_id": "two-sum", "problem": public}))
    ns: dict = {}
    exec(ProblemBank().get("two-sum").solution("python"), ns)
    widget = Problem("two-sum", namespace=ns, folder=tmp_path)
    rows = widget.visible_results()
    assert rows and {r["verdict"] for r in rows} == {"Accepted"} and "Two Sum" in widget.statement.value
    ns["two_sum"] = lambda nums, target: 1 / 0
    assert {r["verdict"] for r in Problem("two-sum", namespace=ns, folder=tmp_path).visible_results()} == {
        "Runtime Error"
    }
    other = Problem("merge-intervals", namespace=ns, folder=tmp_path)
    assert other.button.disabled and "not this room's problem" in other.statement.value


class FakeClient:
    def __init__(self):
        self.calls: list[tuple] = []

    async def call(self, method, what, body=None, timeout=None):
        self.calls.append((method, what, body))
        if what == "problem":
            return {
                "problem_id": "two-sum",
                "problem": {"id": "two-sum"},
                "hidden_feedback": "counts",
                "by": "i",
            }
        return {
            "kind": "submission",
            "staff": {"verdict": "Accepted", "tests": []},
            "candidate": {"verdict": "OK"},
        }

    async def stream(self, method, what, body, on_line, timeout=None):
        """The service's streamed answer to `runs`: progress lines, then the result."""
        for done in range(3):
            on_line({"progress": {"staff": {"done": done, "total": 2}, "candidate": {"done": 0, "total": 1}}})
        on_line({"not": "progress"})  # ignored
        return {"result": await self.call(method, what, body, timeout)}


def test_kernel_request_files_are_graded_and_answered_with_the_candidate_view(tmp_path):
    async def main():
        client = FakeClient()
        live = LiveRoom(client=client)
        problems = RoomProblems(live, str(tmp_path), client=client)
        await problems.load()
        req = tmp_path / ".interviewhub" / "requests"
        (req / "a1.json").write_text(json.dumps({"code": "def two_sum(n, t): return []", "mode": "tests"}))
        (req / "b2.json").write_bytes(b"\xff\x00 not json")
        (req / "c3.json").write_text(json.dumps({"code": "x" * (70 * 1024)}))
        (req / "d4.json").symlink_to("/etc/passwd")
        await problems.take_requests()
        results = tmp_path / ".interviewhub" / "results"
        a1 = json.loads((results / "a1.json").read_text())
        assert a1["result"] == {"verdict": "OK"}  # the candidate view, never the staff one
        assert "error" in json.loads((results / "b2.json").read_text())
        assert "limited to 65536 bytes" in json.loads((results / "c3.json").read_text())["error"]
        assert "error" in json.loads((results / "d4.json").read_text())
        assert not list(req.iterdir())
        graded = [c for c in client.calls if c[1] == "runs"]
        assert (
            len(graded) == 1 and graded[0][2]["actor"] == "notebook" and graded[0][2]["language"] == "python"
        )
        with pytest.raises(RoomProblemsError) as e:
            await problems.run("casey", "candidate", {"language": "python", "code": "x" * (64 * 1024 + 1)})
        assert e.value.status == 413

    asyncio.run(main())


def test_a_room_grades_at_most_max_running_at_once(tmp_path):
    class SlowClient(FakeClient):
        async def call(self, method, what, body=None, timeout=None):
            if what == "runs":
                await asyncio.sleep(0.3)
            return await super().call(method, what, body)

    async def main():
        client = SlowClient()
        problems = RoomProblems(LiveRoom(client=client), str(tmp_path), client=client, max_running=2)
        body = {"language": "python", "code": "def two_sum(n, t): return []"}
        outcomes = await asyncio.gather(
            *(problems.run("casey", "candidate", body) for _ in range(4)), return_exceptions=True
        )
        refused = [o for o in outcomes if isinstance(o, RoomProblemsError)]
        assert len(refused) == 2 and {e.status for e in refused} == {429}
        assert problems.running == 0
        await problems.run("casey", "candidate", body)  # free again

    asyncio.run(main())


def test_progress_reaches_each_view_while_a_run_is_graded(tmp_path):
    class Conn:
        def __init__(self, username, role):
            self.username, self.role, self.sent = username, role, []

        def send(self, message):
            self.sent.append(message)

    async def main():
        client = FakeClient()
        live = LiveRoom(client=client)
        ingrid, casey = Conn("ingrid", "interviewer"), Conn("casey", "candidate")
        live.connections = {"ingrid": [ingrid], "casey": [casey]}
        problems = RoomProblems(live, str(tmp_path), client=client)
        await problems.run(
            "casey", "candidate", {"language": "python", "code": "def two_sum(n, t): return []"}
        )
        for conn, counts in ((ingrid, [(0, 2), (1, 2), (2, 2)]), (casey, [(0, 1)] * 3)):
            steps = [m for m in conn.sent if m["type"] == "run.progress"]
            assert [(m["done"], m["total"]) for m in steps] == counts
            assert all(m["by"] == "casey" and m["mode"] == "tests" for m in steps)
            kinds = [m["type"] for m in conn.sent if m["type"].startswith("run.")]
            assert kinds == ["run.started", *["run.progress"] * 3, "run.result"]

    asyncio.run(main())


@pytest.mark.parametrize("feedback", ["verdicts", "none"])
def test_service_progress_hides_the_number_of_hidden_tests_when_feedback_is_none(feedback):
    from interviewhub.hub.service.rooms.problems import GradingProgress
    from interviewhub.problems.bank import Test

    async def main():
        tests = [Test("v", False, input={}), Test("h1", True, input={}), Test("h2", True, input={})]
        progress = GradingProgress(tests, feedback, interval=0)
        grading = asyncio.get_running_loop().create_future()
        events = progress.events(grading)
        first = await anext(events)
        visible = {"done": 0, "total": 1 if feedback == "none" else 3}
        assert first == {"staff": {"done": 0, "total": 3}, "candidate": visible}
        listener = progress.listener(asyncio.get_running_loop())
        listener(1, 3, 1)  # a hidden test finished (from a grading thread in real life)
        step = await anext(events)
        assert step["staff"] == {"done": 1, "total": 3}
        assert step["candidate"] == ({"done": 0, "total": 1} if feedback == "none" else step["staff"])
        grading.set_result(None)
        assert [e async for e in events] == []

    asyncio.run(main())
