"""`interviewhub problems ...` and `interviewhub grade ...`: the bank and the grader from a shell."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from .bank import ProblemBank, ProblemError, UnknownProblem, load_problem
from .grader import ACCEPTED, GradeError, Grader

MAX_ARCHIVE_BYTES = 64 * 2**20  # unpacked size of an imported zip
MAX_ARCHIVE_FILES = 2000


def _bank(args) -> ProblemBank:
    return ProblemBank(path=args.bank) if getattr(args, "bank", None) else ProblemBank()


def validate_problems(
    bank: ProblemBank, grader: Grader, run_solutions: bool = True, out=None, jobs: int = 0
) -> int:
    """Check every problem; run every reference solution against every test. Number of errors.

    `jobs` submissions are graded at once (default: the grader's workers, i.e. CPU cores): one
    compiles (single-threaded javac, g++) while another runs its tests. Verdicts go by CPU time, so
    sharing the cores does not make a reference solution time out; the report keeps the bank's order.
    """
    out = out or sys.stdout
    problems, errors = bank.load_all()
    for e in errors:
        print(f"error: {e}", file=out)
    if not run_solutions:
        print(f"{len(problems)} problems, {len(errors)} errors", file=out)
        return len(errors)

    def resolve(problem):
        try:
            return grader.resolve_tests(problem)
        except Exception as e:  # a broken generator is the problem's error, not ours
            return e

    def run(item):
        problem, language, tests = item
        return grader.run_tests(problem, language, problem.solution(language), tests)

    with ThreadPoolExecutor(max(1, jobs or grader.workers)) as pool:
        work = []
        for problem, tests in zip(problems, pool.map(resolve, problems), strict=True):
            if isinstance(tests, Exception):
                print(f"error: {problem.path / 'tests' / 'generate.py'}: {tests}", file=out)
                errors.append(tests)
                continue
            work += [(problem, language, tests) for language in problem.meta.languages]
        for (problem, language, tests), result in zip(work, pool.map(run, work), strict=True):
            rel = f"solutions/{language}.{_ext(language)}"
            if result.verdict == ACCEPTED:
                slowest = max((t.time_ms for t in result.tests), default=0)
                print(f"ok: {problem.id} {language}: {len(tests)} tests, slowest {slowest:.0f} ms", file=out)
                continue
            errors.append(result)
            print(f"error: {problem.path / rel}: {result.verdict}", file=out)
            if result.compile_output:
                print(_indent(result.compile_output), file=out)
            for t in result.tests:
                if t.verdict != ACCEPTED:
                    detail = f" {t.message.strip()[-300:]}" if t.message else ""
                    if t.verdict == "Wrong Answer":
                        detail = f" expected {_short(t.expected)}, got {_short(t.actual)}"
                    print(f"  test {t.name!r}: {t.verdict} ({t.time_ms:.0f} ms){detail}", file=out)
    print(f"{len(problems)} problems, {len(errors)} errors", file=out)
    return len(errors)


def _ext(language: str) -> str:
    from .bank import EXTENSIONS

    return EXTENSIONS[language]


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) < 120 else text[:117] + "..."


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.strip().splitlines()[-30:])


def cmd_validate(args) -> int:
    bank = _bank(args)
    grader = Grader(bank=bank)
    return 1 if validate_problems(bank, grader, run_solutions=not args.no_run, jobs=args.jobs) else 0


def cmd_list(args) -> int:
    problems, errors = _bank(args).load_all()
    for e in errors:
        print(f"warning: skipped {e}", file=sys.stderr)
    if args.json:
        print(json.dumps([p.summary() for p in problems], indent=2))
        return 0
    for p in problems:
        s = p.summary()
        print(
            f"{s['id']:28} {s['difficulty']:7} {','.join(s['languages']):28} "
            f"{s['visible_tests']:>3}+{s['hidden_tests']:<3} {s['title']}"
        )
    return 0


def cmd_show(args) -> int:
    try:
        problem = _bank(args).get(args.id)
    except UnknownProblem:
        print(f"error: unknown problem {args.id!r}", file=sys.stderr)
        return 2
    except ProblemError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    data = problem.public()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(f"# {data['title']}  ({data['difficulty']}; {', '.join(data['tags'])})\n")
        print(data["statement"])
    return 0


def import_problems(
    source: Path, bank: ProblemBank, grader: Grader | None, replace: bool = False
) -> list[str]:
    """Validate the problem folders in `source` (a folder or a zip) and copy them into the bank."""
    with tempfile.TemporaryDirectory(prefix="interviewhub-import-") as tmp:
        if source.is_file():
            root = Path(tmp) / "unpacked"
            _safe_unzip(source, root)
        elif source.is_dir():
            root = source
        else:
            raise ProblemError(source, "no such folder or zip file")
        folders = (
            [root]
            if (root / "problem.yaml").is_file()
            else sorted(p.parent for p in root.glob("*/problem.yaml"))
        )
        if not folders:
            raise ProblemError(source, "no problem folders (a problem.yaml at the top or one level down)")
        staged = ProblemBank(path=str(Path(tmp) / "staged"))
        Path(staged.path).mkdir()
        for folder in folders:
            for path in folder.rglob("*"):
                if path.is_symlink():
                    raise ProblemError(path, "symbolic links are not allowed in problems")
            problem = load_problem(folder) if folder.name == _id_of(folder) else None
            if problem is None:
                raise ProblemError(folder / "problem.yaml", "the folder must be named after the problem's id")
            shutil.copytree(folder, Path(staged.path) / folder.name)
        if grader is not None:
            checker = Grader(bank=staged, parent=grader)
            if validate_problems(staged, checker, out=sys.stderr):
                raise ProblemError(source, "reference solutions fail: nothing imported")
        target = Path(bank.path)
        target.mkdir(parents=True, exist_ok=True)
        done = []
        for folder in sorted(Path(staged.path).iterdir()):
            dest = target / folder.name
            if dest.exists():
                if not replace:
                    raise ProblemError(dest, "already in the bank (use --replace)")
                shutil.rmtree(dest)
            shutil.copytree(folder, dest)
            done.append(folder.name)
        return done


def _id_of(folder: Path) -> str | None:
    import yaml

    try:
        data = yaml.safe_load((folder / "problem.yaml").read_text())
    except (yaml.YAMLError, OSError):
        return folder.name  # let load_problem report it with a line
    return data.get("id") if isinstance(data, dict) else folder.name


def _safe_unzip(archive: Path, dest: Path) -> None:
    """Unpack a zip refusing absolute paths, '..', links, and too many or too big files."""
    if archive.stat().st_size > MAX_ARCHIVE_BYTES:
        raise ProblemError(archive, f"archive larger than {MAX_ARCHIVE_BYTES // 2**20} MiB")
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as e:
        raise ProblemError(archive, f"not a zip archive: {e}") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ARCHIVE_FILES:
            raise ProblemError(archive, f"more than {MAX_ARCHIVE_FILES} files")
        if sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES:
            raise ProblemError(archive, f"unpacks to more than {MAX_ARCHIVE_BYTES // 2**20} MiB")
        dest.mkdir(parents=True)
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename or ":" in info.filename:
                raise ProblemError(archive, f"unsafe path in archive: {info.filename!r}")
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise ProblemError(archive, f"symbolic link in archive: {info.filename!r}")
            target = dest.joinpath(*name.parts)
            if not target.resolve().is_relative_to(dest.resolve()):
                raise ProblemError(archive, f"unsafe path in archive: {info.filename!r}")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with zf.open(info) as src, open(target, "wb") as out:
                while chunk := src.read(1 << 16):
                    written += len(chunk)
                    if written > info.file_size or written > MAX_ARCHIVE_BYTES:
                        raise ProblemError(archive, f"{info.filename!r} unpacks larger than it claims")
                    out.write(chunk)


def cmd_import(args) -> int:
    bank = _bank(args)
    try:
        done = import_problems(
            Path(args.source), bank, None if args.no_run else Grader(bank=bank), args.replace
        )
    except ProblemError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Imported into {bank.path}: {', '.join(done)}")
    return 0


def cmd_grade(args) -> int:
    bank = _bank(args)
    grader = Grader(bank=bank)
    if args.workers:
        grader.workers = args.workers
    try:
        code = sys.stdin.buffer.read() if args.file == "-" else _read_capped(Path(args.file), grader)
        problem, text = grader.check_submission(args.problem, args.language, code)
        tests = grader.resolve_tests(problem)
        printer = _progress_printer(args)
        result = grader.run_tests(problem, args.language, text, tests, printer)
        if printer is not None:
            print(file=sys.stderr)
    except (GradeError, OSError) as e:
        if args.json:
            print(json.dumps({"error": str(e)}))
        else:
            print(f"error: {e}", file=sys.stderr)
        return 2
    data = result.to_dict(reveal_hidden=args.reveal_hidden)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(f"{data['verdict']}: {data['passed']}/{data['total']} tests  ({data['wall_ms']:.0f} ms)")
        if data["compile_output"]:
            print(_indent(data["compile_output"]))
        for t in data["tests"]:
            line = f"  {t['verdict']:22} {t['time_ms']:8.1f} ms {t['memory_kb'] / 1024:7.1f} MiB  {t['name']}"
            print(line)
            if t["verdict"] == "Wrong Answer" and t["expected"] is not None:
                print(f"      expected {_short(t['expected'])}\n      got      {_short(t['actual'])}")
            elif t["message"]:
                print(_indent(t["message"][-600:]))
    return 0 if result.verdict == ACCEPTED else 1


def _progress_printer(args):
    """Tests done / total on stderr while grading runs, when a person watches it."""
    if args.json or not sys.stderr.isatty():
        return None

    def progress(done: int, total: int, index: int) -> None:
        print(f"\r  graded {done}/{total} tests", end="", file=sys.stderr, flush=True)

    return progress


def _read_capped(path: Path, grader: Grader) -> bytes:
    with open(path, "rb") as f:
        return f.read(grader.max_submission_bytes + 1)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Hook the problem commands into the `interviewhub` parser."""
    problems = sub.add_parser("problems", help="the problem bank")
    psub = problems.add_subparsers(dest="problems_command", required=True)

    def bank_opt(p):
        p.add_argument("--bank", help="bank folder (default: INTERVIEWHUB_PROBLEMS_DIR or the built-in bank)")
        return p

    v = bank_opt(psub.add_parser("validate", help="check problems and run reference solutions"))
    v.add_argument("dir", nargs="?", help="a bank folder (default: the configured bank)")
    v.add_argument("--no-run", action="store_true", help="check files only, run nothing")
    v.add_argument("--jobs", type=int, default=0, help="submissions graded at once (default: CPU cores)")
    v.set_defaults(func=lambda a, s: cmd_validate(_dir_as_bank(a)))
    ls = bank_opt(psub.add_parser("list", help="list problems"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=lambda a, s: cmd_list(a))
    show = bank_opt(psub.add_parser("show", help="a problem's statement and starter code (no hidden tests)"))
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=lambda a, s: cmd_show(a))
    imp = bank_opt(
        psub.add_parser("import", help="validate problems (folder or zip) and add them to the bank")
    )
    imp.add_argument("source")
    imp.add_argument("--replace", action="store_true", help="replace problems with the same id")
    imp.add_argument("--no-run", action="store_true", help="do not run reference solutions")
    imp.set_defaults(func=lambda a, s: cmd_import(a))

    g = bank_opt(sub.add_parser("grade", help="grade a submission against a problem's tests"))
    g.add_argument("--problem", required=True)
    g.add_argument("--language", required=True)
    g.add_argument("--json", action="store_true")
    g.add_argument("--reveal-hidden", action="store_true", help="show hidden tests' names and outputs")
    g.add_argument("--workers", type=int, default=0, help="sandboxes at once (default: CPU cores)")
    g.add_argument("file", help="the source file, or - for stdin")
    g.set_defaults(func=lambda a, s: cmd_grade(a))


def _dir_as_bank(args):
    if args.dir:
        path = Path(args.dir)
        # one problem folder or a bank of them
        if (path / "problem.yaml").is_file():
            tmp = tempfile.mkdtemp(prefix="interviewhub-validate-")
            os.symlink(path.resolve(), Path(tmp) / path.resolve().name)
            args.bank = tmp
        else:
            args.bank = str(path)
    return args


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="interviewhub")
    add_parsers(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(argv)
    return args.func(args, None)


if __name__ == "__main__":
    sys.exit(main())
