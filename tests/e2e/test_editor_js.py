"""A TypeScript or JavaScript file in an editor tab, run through "Create Console for Editor"
and "Run All Code": the whole file goes to the Deno kernel as one cell, output shows up."""

from __future__ import annotations

import time

import pytest

from tests.e2e.editor import run_file_in_console
from tests.e2e.test_live_room import CODE_CELL

pytestmark = pytest.mark.e2e

FILES = {
    "solution.ts": """interface Interval { start: number; end: number }

function merge(xs: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of [...xs].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

const xs: Interval[] = [{ start: 5, end: 7 }, { start: 1, end: 3 }, { start: 2, end: 4 }];
console.log("merged", JSON.stringify(merge(xs)));
""",
    "solution.js": """const counts = new Map();
for (const w of "a b a c b a".split(" ")) counts.set(w, (counts.get(w) ?? 0) + 1);
console.log("counted", [...counts].map(([w, n]) => `${w}=${n}`).join(","));
""",
}
DISPLAY = {"solution.ts": "TypeScript (Deno)", "solution.js": "JavaScript (Deno)"}
EXPECTED = {
    "solution.ts": 'merged [{"start":1,"end":4},{"start":5,"end":7}]',
    "solution.js": "counted a=3,b=2,c=1",
}


@pytest.mark.parametrize("filename", sorted(FILES))
def test_run_all_code_of_a_deno_file_in_its_console(platform, browser, filename):
    name, password = platform.add_staff("interviewer")
    staff = platform.login(name, password)
    iv = platform.create_interview(staff)
    room_user = f"room-{iv['id']}"
    body = {"type": "file", "format": "text", "content": FILES[filename]}
    deadline = time.monotonic() + 60
    while True:  # the room may still be starting (the hub answers with its "pending" page)
        r = platform.room(staff, room_user, "PUT", f"api/contents/{filename}", json=body)
        if r.status_code in (200, 201) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert r.status_code in (200, 201), (r.status_code, r.text[:300])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(iv["invite_url"])
        page.wait_for_selector(CODE_CELL, timeout=60_000)
        run_file_in_console(page, filename, DISPLAY[filename], EXPECTED[filename], timeout=60_000)
    finally:
        context.close()
