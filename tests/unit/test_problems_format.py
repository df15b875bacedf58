"""The problem format: loading, errors with file and line, list/show, import of folders and zips."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from interviewhub.problems import cli
from interviewhub.problems.bank import ProblemBank, ProblemError, UnknownProblem, load_problem
from interviewhub.problems.model import Problem, camel, metadata_json_schema

from .problem_factory import ADD_YAML, HIDDEN_MARK, make_bank


@pytest.fixture
def bank(tmp_path) -> Path:
    return make_bank(tmp_path / "bank")


def error_of(folder: Path) -> ProblemError:
    with pytest.raises(ProblemError) as info:
        load_problem(folder)
    return info.value


def test_a_good_problem_loads(bank):
    p = load_problem(bank / "add")
    assert p.meta.function.name == "add_two" and camel(p.meta.function.name) == "addTwo"
    assert len(p.visible) == 2 and len(p.hidden) == 4
    assert p.starter("java").startswith("class Solution")


def test_yaml_syntax_error_names_file_and_line(bank):
    meta = bank / "add" / "problem.yaml"
    meta.write_text(ADD_YAML.replace("tags: [math]", "tags: [math"))
    e = error_of(bank / "add")
    assert e.file == str(meta) and e.line in (4, 5, 6) and "YAML" in e.message


def test_bad_field_names_the_field_and_its_line(bank):
    meta = bank / "add" / "problem.yaml"
    meta.write_text(ADD_YAML.replace("difficulty: easy", "difficulty: extreme"))
    e = error_of(bank / "add")
    assert e.file == str(meta) and e.line == 3 and "difficulty" in e.message
    assert str(e).startswith(f"{meta}:3: difficulty")


def test_nested_field_error_points_into_the_function_section(bank):
    meta = bank / "add" / "problem.yaml"
    meta.write_text(ADD_YAML.replace("type: long}, {name: b", "type: complex}, {name: b"))
    e = error_of(bank / "add")
    assert "function.params.0.type" in e.message and e.line == 11


def test_unknown_key_and_wrong_id_are_errors(bank):
    meta = bank / "add" / "problem.yaml"
    meta.write_text(ADD_YAML + "color: blue\n")
    assert "color" in error_of(bank / "add").message
    meta.write_text(ADD_YAML.replace("id: add", "id: Add_Two"))
    assert "lowercase-kebab" in error_of(bank / "add").message
    meta.write_text(ADD_YAML.replace("id: add", "id: other"))
    assert "folder" in error_of(bank / "add").message


def test_json_syntax_error_names_the_line(bank):
    tests = bank / "add" / "tests" / "hidden.json"
    tests.write_text('[\n  {"name": "x", "input": {"a": 1, "b": 2}, "output": 3},\n  {"name": oops}\n]\n')
    e = error_of(bank / "add")
    assert e.file == str(tests) and e.line == 3 and "JSON" in e.message


def test_test_with_wrong_arguments_or_types_names_the_test_line(bank):
    tests = bank / "add" / "tests" / "hidden.json"
    tests.write_text(
        '[\n {"name": "ok", "input": {"a": 1, "b": 2}, "output": 3},\n'
        ' {"name": "bad", "input": {"a": 1}, "output": 1}\n]'
    )
    e = error_of(bank / "add")
    assert e.line == 3 and "takes ['a', 'b']" in e.message
    tests.write_text('[{"name": "t", "input": {"a": 1.5, "b": 2}, "output": 3}]')
    assert "is not a long" in error_of(bank / "add").message
    tests.write_text('[{"name": "t", "input": {"a": true, "b": 2}, "output": 3}]')
    assert "is not a long" in error_of(bank / "add").message
    tests.write_text('[{"name": "t", "input": {"a": 1, "b": 2}, "output": 3, "extra": 1}]')
    assert "extra" in error_of(bank / "add").message


def test_missing_pieces_are_errors(bank):
    (bank / "add" / "solutions" / "cpp.cpp").unlink()
    assert "no reference solution for cpp" in error_of(bank / "add").message
    shutil.rmtree(bank / "echo" / "tests")
    assert "no tests" in error_of(bank / "echo").message
    (bank / "sum-lines" / "statement.md").unlink()
    assert "statement.md" in error_of(bank / "sum-lines").message


def test_kind_and_sections_must_agree():
    with pytest.raises(ValueError, match="function"):
        Problem.model_validate(
            {"id": "x", "title": "X", "difficulty": "easy", "kind": "function", "languages": ["python"]}
        )
    with pytest.raises(ValueError, match="python only"):
        Problem.model_validate(
            {"id": "x", "title": "X", "difficulty": "easy", "kind": "notebook", "languages": ["cpp"]}
        )


def test_json_schema_describes_problem_yaml():
    schema = metadata_json_schema()
    assert schema["title"] == "InterviewHub problem.yaml"
    assert set(schema["properties"]) >= {
        "id",
        "title",
        "difficulty",
        "kind",
        "languages",
        "limits",
        "function",
    }
    shipped = Path(cli.__file__).with_name("problem.schema.json")
    assert json.loads(shipped.read_text()) == schema, "regenerate: python -m interviewhub.problems.model"


def test_bank_get_refuses_odd_ids(bank):
    b = ProblemBank(path=str(bank))
    for bad in ("../add", "ADD", "", "nope", "add/../echo"):
        with pytest.raises(UnknownProblem):
            b.get(bad)


def test_list_json(bank, capsys):
    assert cli.main(["problems", "list", "--json", "--bank", str(bank)]) == 0
    items = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    assert items["add"] == {
        "id": "add",
        "title": "Add two numbers",
        "difficulty": "easy",
        "kind": "function",
        "tags": ["math"],
        "languages": ["python", "javascript", "java", "cpp"],
        "visible_tests": 2,
        "hidden_tests": 4,
    }


def test_show_json_never_contains_hidden_tests(bank, capsys):
    assert cli.main(["problems", "show", "echo", "--json", "--bank", str(bank)]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert HIDDEN_MARK not in out
    assert data["examples"] == [{"name": "visible", "input": {"s": "hello"}, "expected": "hello"}]
    assert data["starter"]["python"].startswith("def echo")
    assert cli.main(["problems", "show", "missing", "--bank", str(bank)]) == 2


def test_validate_without_running_reports_file_and_line(bank, capsys):
    (bank / "add" / "problem.yaml").write_text(ADD_YAML.replace("memory_mb: 128", "memory_mb: 1"))
    assert cli.main(["problems", "validate", str(bank), "--no-run"]) == 1
    out = capsys.readouterr().out
    assert f"error: {bank / 'add' / 'problem.yaml'}:7: limits.memory_mb" in out


def _zip(path: Path, entries: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _problem_files(bank: Path, pid: str) -> dict[str, bytes]:
    folder = bank / pid
    return {f"{pid}/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_import_zip_copies_into_the_bank(bank, tmp_path):
    archive = _zip(tmp_path / "p.zip", _problem_files(bank, "echo"))
    target = ProblemBank(path=str(tmp_path / "target"))
    assert cli.import_problems(archive, target, grader=None) == ["echo"]
    assert target.get("echo").meta.title == "Echo"
    with pytest.raises(ProblemError, match="already in the bank"):
        cli.import_problems(archive, target, grader=None)


@pytest.mark.parametrize(
    "evil", ["../escape/problem.yaml", "/abs/problem.yaml", "a/../../x.txt", "..\\win.txt"]
)
def test_import_rejects_zip_slip(bank, tmp_path, evil):
    files = _problem_files(bank, "echo") | {evil: b"x"}
    target = ProblemBank(path=str(tmp_path / "target"))
    with pytest.raises(ProblemError, match="unsafe path"):
        cli.import_problems(_zip(tmp_path / "p.zip", files), target, grader=None)
    assert not (tmp_path / "target").exists() and not (tmp_path / "escape").exists()


def test_import_rejects_links_garbage_and_bombs(bank, tmp_path, monkeypatch):
    target = ProblemBank(path=str(tmp_path / "target"))
    files = _problem_files(bank, "echo")
    with pytest.raises(ProblemError, match="symbolic link"):
        cli.import_problems(_zip(tmp_path / "l.zip", files, symlink="echo/data/passwd"), target, grader=None)
    (tmp_path / "junk.zip").write_bytes(b"\x00\xffnot a zip" * 100)
    with pytest.raises(ProblemError, match="not a zip"):
        cli.import_problems(tmp_path / "junk.zip", target, grader=None)
    monkeypatch.setattr(cli, "MAX_ARCHIVE_BYTES", 1 << 20)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:  # 1 KiB that unpacks to 8 MiB
        zf.writestr("echo/tests/big.json", b"0" * (8 << 20))
    (tmp_path / "bomb.zip").write_bytes(buf.getvalue())
    with pytest.raises(ProblemError, match="unpacks to more than"):
        cli.import_problems(tmp_path / "bomb.zip", target, grader=None)
    assert not (tmp_path / "target").exists()


def test_import_refuses_an_invalid_problem(bank, tmp_path, capsys):
    (bank / "echo" / "problem.yaml").write_text("id: echo\ntitle: [\n")
    code = cli.main(["problems", "import", str(bank / "echo"), "--no-run", "--bank", str(tmp_path / "t")])
    assert code == 1 and "problem.yaml:3: YAML" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()
