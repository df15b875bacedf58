"""What the Problem widget's output carries: the live widget for trusted outputs, and a static,
sanitizable copy of the statement for browsers that do not trust the cell (issue 4)."""

from __future__ import annotations

import json

from interviewhub.problems.bank import ProblemBank
from interviewhub.widgets.problem import Problem

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def room_folder(tmp_path, problem_id: str = "two-sum"):
    public = ProblemBank().get(problem_id).public()
    (tmp_path / "problem.json").write_text(json.dumps({"problem_id": problem_id, "problem": public}))
    return tmp_path


def test_bundle_has_the_live_widget_and_a_static_statement(tmp_path):
    widget = Problem("two-sum", namespace={}, folder=room_folder(tmp_path))
    bundle = widget._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == widget.model_id
    html = bundle["text/html"]
    assert "Two Sum" in html and "<code>nums</code>" in html and "Problem panel" in html
    assert "<button" not in html and "<script" not in html


def test_static_copy_of_another_problem_says_so_and_escapes_the_name(tmp_path):
    widget = Problem("<img src=x onerror=alert(1)>", namespace={}, folder=room_folder(tmp_path))
    html = widget._repr_mimebundle_()["text/html"]
    assert "is not this room's problem" in html and "the interviewer picked two-sum" in html
    assert "<img" not in html and "&lt;img" in html


def test_a_closed_widget_has_no_bundle(tmp_path):
    widget = Problem("two-sum", namespace={}, folder=room_folder(tmp_path))
    widget.close()
    assert widget._repr_mimebundle_ is None
