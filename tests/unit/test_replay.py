"""The replay player's rebuild: edits with the right authors, seeking equals replaying from zero,
and a corrupt tape shows what it can and says what is missing."""

from __future__ import annotations

import base64
import random

import pytest
from interviewhub.hub.service.replay import player, tape
from pycrdt import Array, Doc, Map, Text


class Typist:
    """A shared notebook edited by several people: each change becomes a tape `doc` event."""

    def __init__(self, path="interview.ipynb"):
        self.doc, self.path, self.events, self.t = Doc(), path, [], 0.0
        self.cells = self.doc.get("cells", type=Array)

    def change(self, by, fn):
        before = self.doc.get_state()
        fn()
        self.t += 100
        update = self.doc.get_update(before)
        self.events.append(
            {
                "t": self.t,
                "kind": "doc",
                "path": self.path,
                "doc_type": "notebook",
                "by": by,
                "update": base64.b64encode(update).decode(),
            }
        )

    def add_cell(self, by, cid, text=""):
        self.change(
            by, lambda: self.cells.append(Map({"id": cid, "cell_type": "code", "source": Text(text)}))
        )

    def type(self, by, cell, at, text):
        self.change(by, lambda: self.cells[cell]["source"].insert(at, text))

    def sources(self):
        return [str(c["source"]) for c in self.cells]


def test_each_character_is_attributed_to_who_typed_it():
    nb = Typist()
    nb.add_cell("", "c1", "# starter\n")
    nb.type("candidate-1", 0, 10, "def f():\n")
    nb.type("ingrid", 0, 0, "# hint\n")
    nb.type("candidate-1", 0, len(nb.sources()[0]), "    return 1\n")
    replay = player.build(nb.events)
    (f,) = player.files_of(replay.final(), replay.docs, replay.authors)
    cell = f["cells"][0]
    assert cell["source"] == nb.sources()[0]
    assert cell["authors"] == [("ingrid", 7), ("", 10), ("candidate-1", 9 + 13)]


def test_seeking_anywhere_equals_the_document_then():
    rnd = random.Random(7)
    nb = Typist()
    nb.add_cell("", "a")
    nb.add_cell("", "b")
    truth = []
    for i in range(1500):
        cell = rnd.randrange(2)
        src = nb.sources()[cell]
        if src and rnd.random() < 0.2:
            at = rnd.randrange(len(src))
            nb.change("ingrid", lambda c=cell, a=at: nb.cells[c]["source"].__delitem__(slice(a, a + 1)))
        else:
            nb.type(rnd.choice(["ingrid", "candidate-1"]), cell, rnd.randint(0, len(src)), "xyz"[i % 3])
        truth.append((nb.t, nb.sources()))
    replay = player.build(nb.events, keyframe_every=100)
    assert len(replay.keyframes) > 10
    for t, sources in rnd.sample(truth, 60) + [truth[0], truth[-1]]:
        state = replay.state_at(t)["interview.ipynb"]
        assert [state["texts"][k] for k, _ in state["cells"]] == sources
        assert all(sum(n for _, n in state["runs"][k]) == len(state["texts"][k]) for k in state["texts"])


def test_a_corrupt_update_is_reported_and_the_rest_is_kept():
    nb = Typist()
    nb.add_cell("", "c1", "x = 1\n")
    nb.type("candidate-1", 0, 6, "y = 2\n")
    broken = dict(nb.events[1], update=base64.b64encode(b"\x07garbage").decode())
    replay = player.build([nb.events[0], broken, {"kind": "doc", "path": 3}])
    assert replay.final()["interview.ipynb"]["texts"]["c1"] == "x = 1\n"
    assert replay.problems == ["2 document update(s) could not be read and are missing"]


def test_tape_chunks_round_trip_and_corruption_is_an_error_not_a_crash():
    events = [{"t": 1.0, "kind": "chat", "text": "héllo"}]
    assert tape.unpack(tape.pack(events)) == events
    with pytest.raises(ValueError, match="decompress"):
        tape.unpack(tape.pack(events)[:-4])


@pytest.mark.parametrize(
    "old,new", [("", "abc"), ("abc", ""), ("aaaa", "aaa"), ("abcabc", "abXcabc"), ("hello", "help me")]
)
def test_one_edit_turns_old_into_new(old, new):
    at, deleted, inserted = player.text_diff(old, new)
    assert old[:at] + inserted + old[at + deleted :] == new


def test_a_corrupt_chunk_in_the_database_is_named_and_the_rest_is_read(tmp_path):
    from interviewhub.hub import db as dbmod
    from interviewhub.hub.models import Interview, TapeChunk
    from interviewhub.hub.service.replay.timeline import Timelines

    url = f"sqlite:///{tmp_path / 'i.sqlite'}"
    dbmod.upgrade(url)
    sessions = dbmod.sessions(url)
    with sessions() as db:
        db.add(Interview(id=1, title="t", candidate_name="Casey", interviewer="ingrid"))
        db.commit()
    store = tape.TapeStore(sessions)
    nb = Typist()
    nb.add_cell("", "c1", "x = 1\n")
    nb.type("candidate-1", 0, 6, "y = 2\n")
    assert store.append(1, "a-0", nb.events[:1])[0] == 1
    assert store.append(1, "a-1", nb.events[1:])[0] == 1
    with sessions() as db:  # a truncated chunk, as a crash in the middle of a write might leave
        row = db.query(TapeChunk).filter_by(chunk_key="a-1").one()
        row.data = row.data[:-5]
        db.commit()
    state = Timelines(sessions, store).state_at(1, float("inf"))
    assert state["files"][0]["text"] == "x = 1\n"
    (problem,) = state["problems"]
    assert "corrupt" in problem and "missing" in problem
    with pytest.raises(Exception, match="no interview"):
        store.append(99, "k", nb.events)
