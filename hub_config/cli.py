"""`interviewhub` command line: run the platform, manage staff accounts, migrate the database."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import db
from .accounts import AccountError, AccountStore, generate_password
from .models import ROLES
from .settings import InterviewHubSettings

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")


def _accounts(settings: InterviewHubSettings) -> AccountStore:
    settings.ensure_data_dir()
    db.upgrade(settings.db_url)
    return AccountStore(db.sessions(settings.db_url))


def cmd_run(args, settings: InterviewHubSettings) -> int:
    """Start JupyterHub (which starts the proxy, the interview service and rooms)."""
    settings.ensure_data_dir()
    os.chdir(settings.data_dir)
    print(f"InterviewHub on {settings.public_url}/  (data in {settings.data_dir})", flush=True)
    print(
        f"Sign in as {settings.admin_user!r} with INTERVIEWHUB_ADMIN_PASSWORD, or the password "
        "printed below on first start.",
        flush=True,
    )
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    os.execv(jupyterhub, [str(jupyterhub), "-f", str(CONFIG_FILE), *args.extra])


def cmd_user_add(args, settings: InterviewHubSettings) -> int:
    password = args.password or generate_password()
    try:
        _accounts(settings).create(args.name, args.role, password, args.display_name or "", args.email or "")
    except AccountError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Added {args.role} {args.name!r}.")
    if not args.password:
        print(f"Password (shown once): {password}")
    return 0


def cmd_user_list(args, settings: InterviewHubSettings) -> int:
    for a in _accounts(settings).list():
        print(f"{a.username:24} {a.role:12} {'active' if a.active else 'inactive':9} {a.display_name}")
    return 0


def cmd_user_password(args, settings: InterviewHubSettings) -> int:
    password = args.password or generate_password()
    try:
        _accounts(settings).update(args.name, password=password)
    except AccountError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Password of {args.name!r} changed." + ("" if args.password else f" New password: {password}"))
    return 0


def cmd_db_upgrade(args, settings: InterviewHubSettings) -> int:
    _accounts(settings)
    print(f"Database at head: {settings.db_url}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="interviewhub", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the platform; other arguments go to jupyterhub")
    run.set_defaults(func=cmd_run, extra=[])

    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="add an interviewer or admin")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="interviewer")
    add.add_argument("--password", help="default: generate one and print it")
    add.add_argument("--display-name")
    add.add_argument("--email")
    add.set_defaults(func=cmd_user_add)
    user.add_parser("list", help="list accounts").set_defaults(func=cmd_user_list)
    pw = user.add_parser("password", help="set or reset a password")
    pw.add_argument("name")
    pw.add_argument("--password")
    pw.set_defaults(func=cmd_user_password)

    dbp = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    dbp.add_parser("upgrade", help="migrate to the newest schema").set_defaults(func=cmd_db_upgrade)

    from ..problems.cli import add_parsers as problem_parsers

    problem_parsers(sub)  # `interviewhub problems ...`, `interviewhub grade ...`
    return p


def main(argv: list[str] | None = None) -> int:
    args, unknown = parser().parse_known_args(argv)
    if unknown and args.func is not cmd_run:
        parser().error(f"unrecognized arguments: {' '.join(unknown)}")
    args.extra = [a for a in unknown if a != "--"]
    return args.func(args, InterviewHubSettings())


if __name__ == "__main__":
    sys.exit(main())
