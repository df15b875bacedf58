"""The room protocol's messages: what parses, and the error each bad frame gets."""

from __future__ import annotations

import json

import pytest
from interviewhub.extensions.room import protocol as p

VALID = {
    "ping": {"t0": 1.5},
    "presence.update": {"active_file": "interview.ipynb", "active_cell": "c1", "typing": True},
    "chat.send": {"text": "hello"},
    "chat.typing": {"typing": True},
    "rtc.offer": {"to": "candidate-1", "sdp": "v=0"},
    "rtc.answer": {"to": "alice", "sdp": "v=0"},
    "rtc.ice": {"to": "alice", "candidate": {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"}},
    "timer.set": {"duration_s": 1800},
    "timer.start": {},
    "timer.pause": {},
    "timer.resume": {},
    "timer.extend": {"seconds": 300},
    "phase.set": {"phase": "live"},
    "admit": {"username": "candidate-1"},
    "deny": {"username": "candidate-1"},
    "reaction": {"emoji": "👍"},
    "hand": {"raised": True},
    "notes.get": {},
    "notes.save": {"markdown": "# notes\n"},
    "signal": {"signal": "paste", "size": 500, "source": "external", "path": "interview.ipynb"},
}


def frame(**fields) -> str:
    return json.dumps({"v": 1, **fields})


def refused(raw, code: str) -> p.ProtocolError:
    with pytest.raises(p.ProtocolError) as e:
        p.parse(raw)
    assert e.value.code == code, e.value.message
    return e.value


def test_every_client_type_has_an_example_and_parses():
    assert set(VALID) == set(p.CLIENT_TYPES)
    for kind, fields in VALID.items():
        msg = p.parse(frame(type=kind, id="r1", **fields))
        assert msg.type == kind and msg.id == "r1"
        for name, value in fields.items():
            assert getattr(msg, name) == value


def test_version_may_be_omitted_but_not_wrong():
    assert p.parse(json.dumps({"type": "ping", "t0": 0})).type == "ping"
    err = refused(json.dumps({"v": 2, "type": "ping", "t0": 0, "id": "x"}), "unsupported_version")
    assert err.ref == "x"


@pytest.mark.parametrize(
    "raw,code",
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        ('"ping"', "bad_json"),
        (b"\x00\x01", "bad_json"),
        ("{}", "invalid"),
        (frame(type=7), "invalid"),
        (frame(type="launch.missiles"), "unknown_type"),
        (frame(type="ping"), "invalid"),  # t0 missing
        (frame(type="ping", t0=1, extra=1), "invalid"),
        (frame(type="chat.send", text=""), "invalid"),
        (frame(type="chat.send", text="x" * (p.MAX_CHAT_CHARS + 1)), "invalid"),
        (frame(type="chat.send", text=["not", "text"]), "invalid"),
        (frame(type="rtc.offer", to="../etc", sdp="v=0"), "invalid"),
        (frame(type="rtc.offer", to="", sdp="v=0"), "invalid"),
        (frame(type="timer.set", duration_s=-5), "invalid"),
        (frame(type="timer.set", duration_s=10**9), "invalid"),
        (frame(type="timer.extend", seconds=0), "invalid"),
        (frame(type="phase.set", phase="waiting"), "invalid"),  # the phase never goes back
        (frame(type="reaction", emoji="💣"), "invalid"),
        (frame(type="hand", raised="yes please"), "invalid"),
        # forged integrity signals: unknown kinds, wrong types, absurd sizes
        (frame(type="signal", signal="verdict"), "invalid"),
        (frame(type="signal", signal="paste", size=-1), "invalid"),
        (frame(type="signal", signal="paste", size="huge"), "invalid"),
        (frame(type="signal", signal="blur", duration_ms=10**12), "invalid"),
        (frame(type="signal", signal="paste", source="somewhere"), "invalid"),
        (frame(type="signal", signal="paste", note="cheater"), "invalid"),
        (frame(type="chat.send", text="x" * (p.MAX_MESSAGE_BYTES + 1)), "too_large"),
        (frame(type="chat.send", text="é" * (p.MAX_MESSAGE_BYTES // 2 + 1)), "too_large"),  # bytes, not chars
    ],
)
def test_bad_frames_get_a_precise_error(raw, code):
    refused(raw, code)


def test_errors_name_the_message_they_refuse():
    err = refused(frame(type="chat.send", id="abc", text=""), "invalid")
    assert err.ref == "abc" and err.msg_type == "chat.send" and err.message.startswith("text:")
    body = p.error_message(err)
    assert body["type"] == "error" and body["v"] == p.VERSION
    assert body["code"] == "invalid" and body["ref"] == "abc" and body["for"] == "chat.send"


def test_server_messages_carry_version_and_server_time():
    before = p.now_ms()
    msg = p.server_message("pong", t0=1)
    assert msg["v"] == p.VERSION and msg["type"] == "pong" and before <= msg["ts"] <= p.now_ms()
    assert json.loads(p.dumps({"text": "héllo"})) == {"text": "héllo"}


def test_only_staff_may_control_the_interview():
    staff_only = {k for k, roles in p.ALLOWED.items() if roles == p.STAFF}
    assert staff_only == {
        "timer.set",
        "timer.start",
        "timer.pause",
        "timer.resume",
        "timer.extend",
        "phase.set",
        "admit",
        "deny",
        "notes.get",
        "notes.save",
    }
    assert all(roles == p.EVERYONE for k, roles in p.ALLOWED.items() if k not in staff_only)
