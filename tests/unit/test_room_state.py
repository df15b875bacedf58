"""RoomState's rules, without servers: timer, phase, admission, roles, chat, presence, relays."""

from __future__ import annotations

import json

import pytest
from interviewhub.extensions.room import protocol as p
from interviewhub.extensions.room import state as state_mod
from interviewhub.extensions.room.state import RoomState, Timer


class Clock:
    def __init__(self, t: float = 1_800_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(state_mod.time, "time", c)
    monkeypatch.setattr(p.time, "time", c)
    return c


@pytest.fixture
def room(clock) -> RoomState:
    r = RoomState()
    r.load({"phase": "waiting"})
    r.connect("ingrid", "Ingrid", "interviewer")
    r.connect("candidate-1", "Casey", "candidate")
    r.connect("olga", "Olga", "observer")
    return r


def send(room: RoomState, who: str, kind: str, **fields):
    msg = p.parse(json.dumps({"v": 1, "type": kind, "id": "r", **fields}))
    return room.handle(room.participants[who], msg)


def refused(room: RoomState, who: str, kind: str, code: str, **fields) -> None:
    before = (room.record(), list(room.chat))
    with pytest.raises(p.ProtocolError) as e:
        send(room, who, kind, **fields)
    assert e.value.code == code and e.value.ref == "r" and e.value.msg_type == kind
    assert (room.record(), list(room.chat)) == before  # no effect


# -- timer -------------------------------------------------------------------------------------
def test_timer_runs_pauses_resumes_and_extends(room, clock):
    send(room, "ingrid", "timer.set", duration_s=600)
    fx = send(room, "ingrid", "timer.start")
    assert fx.persist_state and fx.out[0].to == "all" and fx.out[0].message["type"] == "timer"
    clock.t += 100
    assert room.timer.snapshot(clock.t)["remaining_s"] == 500
    send(room, "ingrid", "timer.pause")
    clock.t += 1000  # paused: nothing passes
    snap = room.timer.snapshot(clock.t)
    assert snap["status"] == "paused" and snap["remaining_s"] == 500
    send(room, "ingrid", "timer.resume")
    send(room, "ingrid", "timer.extend", seconds=60)
    clock.t += 10
    snap = room.timer.snapshot(clock.t)
    assert snap == {
        "status": "running",
        "duration_s": 660,
        "elapsed_s": 110,
        "remaining_s": 550,
        "at": clock.t * 1000,
    }
    clock.t += 600  # past the end: negative remaining is overtime
    assert room.timer.snapshot(clock.t)["remaining_s"] == -50


def test_timer_refuses_what_makes_no_sense(room):
    refused(room, "ingrid", "timer.start", "conflict")  # no duration yet
    refused(room, "ingrid", "timer.extend", "conflict", seconds=10)
    send(room, "ingrid", "timer.set", duration_s=60)
    refused(room, "ingrid", "timer.pause", "conflict")
    refused(room, "ingrid", "timer.resume", "conflict")
    send(room, "ingrid", "timer.start")
    refused(room, "ingrid", "timer.resume", "conflict")


def test_a_running_timer_survives_a_restart_by_wall_clock(room, clock):
    send(room, "ingrid", "timer.set", duration_s=300)
    send(room, "ingrid", "timer.start")
    clock.t += 30
    saved = json.loads(json.dumps(room.record()))  # as the service stores it
    clock.t += 20  # the room server is down for 20 s
    again = RoomState()
    again.load(saved)
    assert again.timer.snapshot(clock.t)["remaining_s"] == 250
    assert again.phase == "waiting"


# -- roles -----------------------------------------------------------------------------------
STAFF_ACTIONS = [
    ("timer.set", {"duration_s": 60}),
    ("timer.start", {}),
    ("timer.pause", {}),
    ("timer.resume", {}),
    ("timer.extend", {"seconds": 5}),
    ("phase.set", {"phase": "live"}),
    ("phase.set", {"phase": "ended"}),
    ("admit", {"username": "candidate-1"}),
    ("deny", {"username": "candidate-1"}),
    ("notes.get", {}),
    ("notes.save", {"markdown": "mine now"}),
]


@pytest.mark.parametrize("who", ["candidate-1", "olga"])
@pytest.mark.parametrize("kind,fields", STAFF_ACTIONS)
def test_candidates_and_observers_cannot_control_the_interview(room, who, kind, fields):
    refused(room, who, kind, "forbidden", **fields)


def test_admins_may_do_what_interviewers_do(room):
    room.connect("root", "Root", "admin")
    send(room, "root", "timer.set", duration_s=60)
    send(room, "root", "phase.set", phase="live")
    assert room.phase == "live"


# -- phase and admission ----------------------------------------------------------------------
def test_a_candidate_waits_until_admitted(room):
    assert room.admission("candidate-1") == "waiting"
    assert not room.may_work("candidate-1", "candidate")
    assert room.may_work("ingrid", "interviewer") and room.may_work("olga", "observer")
    fx = send(room, "ingrid", "admit", username="candidate-1")
    assert fx.persist_state
    assert fx.out[0].to == ["candidate-1"] and fx.out[0].message["status"] == "admitted"
    assert room.may_work("candidate-1", "candidate")
    send(room, "ingrid", "deny", username="candidate-1")
    assert room.admission("candidate-1") == "denied" and not room.may_work("candidate-1", "candidate")


def test_starting_the_interview_admits_candidates_not_denied(room):
    room.known_roles["candidate-2"] = "candidate"
    send(room, "ingrid", "deny", username="candidate-2")
    send(room, "ingrid", "phase.set", phase="live")
    assert room.may_work("candidate-1", "candidate")
    assert not room.may_work("candidate-2", "candidate")


def test_until_the_saved_state_is_loaded_candidates_wait():
    fresh = RoomState(initial_phase="live")
    assert not fresh.may_work("candidate-1", "candidate")
    fresh.load({"phase": "live"})
    assert fresh.may_work("candidate-1", "candidate")


def test_only_candidates_in_this_room_can_be_admitted(room):
    refused(room, "ingrid", "admit", "not_found", username="mallory")
    refused(room, "ingrid", "admit", "not_found", username="olga")


def test_ending_the_interview(room, clock):
    send(room, "ingrid", "timer.set", duration_s=60)
    send(room, "ingrid", "timer.start")
    send(room, "ingrid", "phase.set", phase="live")
    fx = send(room, "ingrid", "phase.set", phase="ended")
    types = [o.message["type"] for o in fx.out]
    assert fx.ended and fx.persist_state and "ended" in types and "timer" in types
    assert not room.timer.running
    assert room.admission("candidate-1") == "ended" and not room.may_work("candidate-1", "candidate")
    refused(room, "ingrid", "phase.set", "conflict", phase="live")
    refused(room, "ingrid", "admit", "conflict", username="candidate-1")


# -- chat, presence, relays -------------------------------------------------------------------
def test_chat_is_numbered_kept_and_sent_on_join(room):
    for i in range(state_mod.CHAT_HISTORY + 5):
        fx = send(room, "candidate-1", "chat.send", text=f"m{i}")
    assert fx.new_chat[0]["seq"] == state_mod.CHAT_HISTORY + 5
    assert fx.out[0].message["message"]["from"] == "candidate-1"
    welcome = room.welcome(room.participants["olga"])
    assert len(welcome["chat"]) == state_mod.CHAT_HISTORY
    assert welcome["chat"][-1]["text"] == f"m{state_mod.CHAT_HISTORY + 4}"
    again = RoomState()
    again.load({"phase": "live", "chat": list(room.chat)[-3:]})
    assert again.next_chat_seq == state_mod.CHAT_HISTORY + 6


def test_presence_updates_only_what_is_sent(room):
    send(room, "candidate-1", "presence.update", active_file="a.py", active_cell="c3")
    send(room, "candidate-1", "presence.update", typing=True)
    part = room.participants["candidate-1"]
    assert (part.active_file, part.active_cell, part.typing) == ("a.py", "c3", True)
    fx = send(room, "candidate-1", "hand", raised=True)
    shown = fx.out[0].message["participant"]
    assert shown["hand_raised"] and shown["admission"] == "waiting"
    room.disconnect("candidate-1")
    assert not part.online and not part.typing


def test_signaling_goes_only_to_the_named_participant_online_here(room):
    fx = send(room, "ingrid", "rtc.offer", to="candidate-1", sdp="v=0 offer")
    assert len(fx.out) == 1 and fx.out[0].to == ["candidate-1"]
    assert fx.out[0].message["from"] == "ingrid" and fx.out[0].message["sdp"] == "v=0 offer"
    refused(room, "ingrid", "rtc.answer", "not_found", to="ingrid", sdp="x")  # not to oneself
    refused(room, "ingrid", "rtc.ice", "not_found", to="stranger", candidate=None)
    room.disconnect("olga")
    refused(room, "ingrid", "rtc.offer", "not_found", to="olga", sdp="x")


def test_ping_answers_only_the_sender(room, clock):
    fx = send(room, "olga", "ping", t0=12.5)
    (out,) = fx.out
    assert out.to == ["olga"] and out.message["t0"] == 12.5 and out.message["ts"] == clock.t * 1000


def test_timer_record_roundtrip():
    t = Timer(100, 20, 1_800_000_000.0)
    assert Timer.from_record(t.record()) == t
    assert Timer.from_record(None) == Timer()
