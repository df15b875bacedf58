"""Scheduling and the lifecycle of an interview, around RoomManager.

- schedule: check the panel and problems, record the interview, write the invitation (text,
  .ics, optional email); the room opens `warm_minutes` before the start (here, on a timer).
- reschedule / cancel: cancelling revokes the invite links and shares and stops an open room.
- end: keep the final files (snapshot), stop the room server, revoke every share.
Interviews whose room ended itself (the interviewer pressed End in the room) are finished the
same way on the next tick.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from traitlets import Float, Integer, Unicode, default
from traitlets.config import LoggingConfigurable

from ...accounts import AccountStore
from ...models import Interview, InterviewEvent, InterviewProblem, InterviewSnapshot, PanelMember, utcnow
from ..access import BadInput, Person
from ..hubclient import HubAPIError
from ..mail import Mailer
from ..rooms.files import RoomFiles, RoomUnreachable
from ..scorecards.rubrics import DEFAULT_TEAM, RubricBook, scheduled_event_data
from . import invitations
from .form_claims import FormClaims
from .manager import NewInterview, RoomManager

log = logging.getLogger(__name__)


class Scheduler(LoggingConfigurable):
    warm_minutes = Float(
        help="Rooms open this many minutes before the start (INTERVIEWHUB_ROOM_WARM_MINUTES, default 5)."
    ).tag(config=True)
    tick_seconds = Float(
        help="How often due rooms are opened and ended rooms finished (INTERVIEWHUB_SCHEDULER_TICK_SECONDS)."
    ).tag(config=True)
    workspace_root = Unicode(
        help="Where room workspaces are on this machine (the local spawner's rooms folder): the final "
        "snapshot's fallback when the room server cannot be read (stopped, crashed); empty: none."
    ).tag(config=True)
    snapshot_max_bytes = Integer(
        2 * 1024 * 1024, help="Final files kept per interview, at most (larger ones are listed, not kept)."
    ).tag(config=True)
    snapshot_start_timeout = Float(
        90.0,
        help="A room stopped before its interview ended (idle culler, crash) is started again for the "
        "final snapshot; seconds to wait for it (0: never, keep what the disk fallback finds).",
    ).tag(config=True)

    @default("tick_seconds")
    def _tick(self) -> float:
        return float(os.environ.get("INTERVIEWHUB_SCHEDULER_TICK_SECONDS", "15"))

    @default("warm_minutes")
    def _warm(self) -> float:
        return float(os.environ.get("INTERVIEWHUB_ROOM_WARM_MINUTES", "5"))

    def __init__(
        self,
        sessions: sessionmaker[Session],
        rooms: RoomManager,
        accounts: AccountStore,
        bank=None,
        mailer: Mailer | None = None,
        room_files: RoomFiles | None = None,
        rubrics: RubricBook | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.sessions = sessions
        self.rubrics = rubrics
        self.rooms = rooms
        self.accounts = accounts
        self.bank = bank
        self.mailer = mailer or Mailer(parent=self)
        self.room_files = room_files
        self.forms = FormClaims(sessions, parent=self)  # double submissions: kept in the database
        rooms.warm = rooms.warm.__class__(minutes=self.warm_minutes)

    # -- checks ---------------------------------------------------------------------------
    def check_panel(self, names: list[str]) -> None:
        for name in names:
            account = self.accounts.get(name)
            if account is None or not account.active:
                raise BadInput("interviewers", f"unknown or deactivated user: {name!r}")

    def check_problems(self, problem_ids: list[str]) -> None:
        if not problem_ids or self.bank is None:
            return
        from ....problems.bank import ProblemError, UnknownProblem

        for pid in problem_ids:
            try:
                self.bank.get(pid)
            except (UnknownProblem, ProblemError):
                raise BadInput("problems", f"unknown problem: {pid!r}") from None

    def check_team(self, team: str | None, who: Person) -> str:
        """The team an interview is scheduled for: the one asked for, else the organiser's."""
        if self.rubrics is None:
            return team or DEFAULT_TEAM
        if not team:
            return self.rubrics.team_for(who.name)
        try:
            return self.rubrics.check_team(team)
        except ValueError as e:
            raise BadInput("team", str(e)) from None

    # -- schedule -------------------------------------------------------------------------
    async def schedule(self, who: Person, spec: NewInterview) -> tuple[Interview, str, dict]:
        """Create the interview; returns it, the invite URL and the invitation (text, ics, email)."""
        self.check_panel(list(spec.interviewers))
        self.check_problems(list(spec.problems))
        team = self.check_team(spec.team, who)
        interview, url = await self.rooms.create(who, spec)
        self.event(interview.id, "lifecycle", who.name, data=scheduled_event_data(team))
        invitation = await self.invitation(interview, url, send=True)
        return interview, url, invitation

    def organiser(self, interview: Interview) -> tuple[str, str]:
        account = self.accounts.get(interview.interviewer)
        return (account.display_name, account.email) if account else (interview.interviewer, "")

    async def invitation(self, interview: Interview, url: str, send: bool = False) -> dict:
        name, email = self.organiser(interview)
        text = invitations.invitation_text(interview, url, name, self.warm_minutes)
        cal = self.ics(interview, url, text)
        result = {"invitation_text": text, "ics": cal, "email_sent": False, "email_error": None}
        if send and interview.candidate_email and self.mailer.enabled:
            msg = self.mailer.message(
                (interview.candidate_name, interview.candidate_email),
                f"Interview: {interview.title}",
                text,
                cal,
            )
            result["email_error"] = await self.mailer.send(msg)
            result["email_sent"] = result["email_error"] is None
        return result

    def ics(self, interview: Interview, url: str = "", text: str = "") -> str:
        name, email = self.organiser(interview)
        return invitations.ics(
            interview,
            uid_domain=urlparse(self.rooms.public_url).hostname or "interviewhub",
            url=url,
            description=text,
            attendees=[(interview.candidate_name, interview.candidate_email)],
            organiser=(name, email),
            sequence=int(interview.scheduled_start.timestamp()) % 100000
            if interview.status != "cancelled"
            else 99999,
        )

    # -- changes ----------------------------------------------------------------------------
    def reschedule(self, who: Person, interview_id: int, changes: dict) -> Interview:
        """New time, length, title, description, panel or problems of a scheduled interview; a live
        one may still change its planned problems (its room picks them up within seconds)."""
        if changes.get("interviewers"):
            self.check_panel(changes["interviewers"])
        if changes.get("problems"):
            self.check_problems(changes["problems"])
        with self.sessions() as db:
            interview = self.rooms._load(db, who, interview_id)
            only_problems = {k for k, v in changes.items() if v is not None} <= {"problems"}
            if interview.status != "scheduled" and not (interview.status == "live" and only_problems):
                raise BadInput(None, f"a {interview.status} interview cannot be changed", 409)
            for key in (
                "title",
                "candidate_name",
                "candidate_email",
                "description",
                "timezone",
                "scheduled_start",
                "duration_minutes",
            ):
                if changes.get(key) is not None:
                    setattr(interview, key, changes[key])
            if changes.get("interviewers") is not None:
                names = list(dict.fromkeys([interview.interviewer, *changes["interviewers"]]))
                interview.panel = [PanelMember(username=n, position=i) for i, n in enumerate(names)]
            if changes.get("problems") is not None:
                interview.problem_links = [
                    InterviewProblem(position=i, problem_id=p) for i, p in enumerate(changes["problems"])
                ]
            for invite in interview.invites:  # links stay valid until the new end (+ grace)
                if invite.revoked_at is None:
                    invite.expires_at = interview.scheduled_end + self.rooms.invites.grace
            db.add(
                InterviewEvent(
                    interview_id=interview.id,
                    kind="lifecycle",
                    actor=who.name,
                    data=json.dumps({"action": "rescheduled"}),
                )
            )
            db.commit()
            return interview

    async def cancel(self, who: Person, interview_id: int) -> Interview:
        """Cancel: the invite link stops working at once, an open room is closed."""
        with self.sessions() as db:
            interview = self.rooms._load(db, who, interview_id)
            if interview.status in ("ended", "cancelled"):
                raise BadInput(None, f"this interview is already {interview.status}", 409)
            interview.status = "cancelled"
            interview.cancelled_at = utcnow()
            self.rooms.invites.revoke_all(db, interview)
            db.add(
                InterviewEvent(
                    interview_id=interview.id,
                    kind="lifecycle",
                    actor=who.name,
                    data=json.dumps({"action": "cancelled"}),
                )
            )
            db.commit()
        if interview.room_opened_at is not None:
            await self.close_room(interview)
        if interview.candidate_email and self.mailer.enabled:
            await self.mailer.send(
                self.mailer.message(
                    (interview.candidate_name, interview.candidate_email),
                    f"Cancelled: {interview.title}",
                    f"Hello {interview.candidate_name},\n\nThe interview “{interview.title}” planned for "
                    f"{invitations.local_time(interview.scheduled_start, interview.timezone)} is cancelled.",
                    self.ics(interview),
                    method="CANCEL",
                )
            )
        return interview

    def _endable(self, db: Session, who: Person | None, interview_id: int) -> Interview:
        interview = (
            db.get(Interview, interview_id) if who is None else self.rooms._load(db, who, interview_id)
        )
        if interview is None:
            raise BadInput(None, f"no interview {interview_id}", 404)
        if interview.status == "cancelled":
            raise BadInput(None, "this interview was cancelled", 409)
        if interview.ended_at is None and interview.room_opened_at is None:
            raise BadInput(None, "this interview has not started", 409)
        return interview

    async def end(self, who: Person | None, interview_id: int) -> Interview:
        """End: keep the final files, stop the room server, revoke the shares. Idempotent."""
        with self.sessions() as db:
            interview = self._endable(db, who, interview_id)
        if interview.ended_at is not None:
            return interview
        files, skipped, source = await self.final_files(interview)  # while the room still runs
        with self.sessions() as db:
            interview = self._endable(db, who, interview_id)
            if interview.ended_at is not None:  # ended meanwhile (a tick, another click)
                return interview
            now = utcnow()
            started = interview.started_at or interview.room_opened_at
            duration = max(0.0, (now - started).total_seconds())
            snap = db.get(InterviewSnapshot, interview.id) or InterviewSnapshot(interview_id=interview.id)
            snap.files = json.dumps({"files": files, "skipped": skipped, "source": source})
            snap.duration_s = duration
            snap.taken_at = now
            db.add(snap)
            interview.status = "ended"
            interview.ended_at = now
            if interview.started_at is None:
                interview.started_at = started
            self.rooms.invites.revoke_all(db, interview)
            db.add(
                InterviewEvent(
                    interview_id=interview.id,
                    kind="lifecycle",
                    actor=who.name if who else "",
                    data=json.dumps({"action": "ended", "duration_s": duration}),
                )
            )
            db.commit()
        await self.close_room(interview)
        return interview

    async def close_room(self, interview: Interview) -> None:
        """Revoke every share of the room and stop its server (errors are logged: retried by the culler)."""
        room = quote(interview.room_user)
        for method, path, ok in (
            ("DELETE", f"shares/{room}/", (200, 204, 404)),
            ("DELETE", f"users/{room}/server", (202, 204, 400, 404)),
        ):
            try:
                await self.rooms.hub.request(method, path, ok=ok)
            except HubAPIError as e:
                log.warning("Closing %s: %s %s failed: %s", room, method, path, e)

    async def final_files(self, interview: Interview) -> tuple[dict[str, str], list[str], str]:
        """The room's final text files and skipped paths, and where they were read: "room" (the
        running room server, any spawner), else "disk" (the local workspace) or "" (nowhere)."""
        if self.room_files is not None:
            for attempt in range(2):
                try:
                    files, skipped = await self.room_files.read(interview.room_user, self.snapshot_max_bytes)
                    return files, skipped, "room"
                except RoomUnreachable as e:
                    log.info("Final files of interview %d: room not readable (%s)", interview.id, e)
                if attempt or not await self.restart_stopped_room(interview):
                    break
        if not self.workspace_root:
            return {}, [], ""
        return (*self.read_workspace(interview), "disk")

    async def restart_stopped_room(self, interview: Interview) -> bool:
        """Start a stopped room again (its files are kept: volume, disk image) and wait until it is
        ready; False if it was running anyway, or does not come up in snapshot_start_timeout."""
        hub = self.rooms.hub
        try:
            if self.snapshot_start_timeout <= 0 or await hub.server_ready(interview.room_user):
                return False
            log.info("Starting %s again for the final snapshot", interview.room_user)
            await self.rooms.start_room(interview)
            deadline = time.monotonic() + self.snapshot_start_timeout
            while time.monotonic() < deadline:
                if await hub.server_ready(interview.room_user):
                    return True
                await asyncio.sleep(0.5)
        except HubAPIError as e:
            log.warning("Could not start %s for the final snapshot: %s", interview.room_user, e)
        return False

    def read_workspace(self, interview: Interview) -> tuple[dict[str, str], list[str]]:
        """The room's final text files on disk (not hidden ones), up to snapshot_max_bytes in all."""
        if not self.workspace_root:
            return {}, []
        root = Path(self.workspace_root) / interview.room_user / "work"  # RoomSpawner.work_dir
        files: dict[str, str] = {}
        skipped: list[str] = []
        budget = self.snapshot_max_bytes
        if not root.is_dir():
            return files, skipped
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file() or path.is_symlink():
                continue
            try:
                size = path.stat().st_size
                if size > budget:
                    skipped.append(str(rel))
                    continue
                files[str(rel)] = path.read_bytes().decode("utf-8")
                budget -= size
            except (OSError, UnicodeDecodeError):
                skipped.append(str(rel))
        return files, skipped

    def event(
        self,
        interview_id: int,
        kind: str,
        actor: str = "",
        problem_id: str = "",
        verdict: str = "",
        data: dict | None = None,
        at: datetime | None = None,
    ) -> None:
        with self.sessions() as db:
            db.add(
                InterviewEvent(
                    interview_id=interview_id,
                    kind=kind,
                    actor=actor,
                    problem_id=problem_id,
                    verdict=verdict,
                    data=json.dumps(data or {}),
                    at=at or utcnow(),
                )
            )
            db.commit()

    # -- the clock --------------------------------------------------------------------------
    async def tick(self) -> None:
        """Open rooms that are due, finish rooms that ended themselves."""
        now = utcnow()
        with self.sessions() as db:
            due = list(
                db.scalars(
                    select(Interview)
                    .where(
                        Interview.status == "scheduled",
                        Interview.room_opened_at.is_(None),
                        Interview.scheduled_start <= now + self.rooms.warm,
                    )
                    .limit(20)
                )
            )
            for interview in due:
                interview.room_opened_at = now
            db.commit()
            ended = list(
                db.scalars(
                    select(Interview.id)
                    .where(Interview.status == "ended", Interview.ended_at.is_(None))
                    .limit(20)
                )
            )
        for interview in due:
            try:
                await self.rooms.open_room(interview)
                self.event(interview.id, "lifecycle", data={"action": "room opened"})
            except Exception:
                log.exception("Could not open the room of interview %d", interview.id)
                with self.sessions() as db:  # try again next tick
                    db.get(Interview, interview.id).room_opened_at = None
                    db.commit()
        for interview_id in ended:
            try:
                await self.end(None, interview_id)
            except Exception:
                log.exception("Could not finish interview %d", interview_id)
