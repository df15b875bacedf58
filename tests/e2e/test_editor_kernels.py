"""A Java or C++ file in an editor tab, run the way JupyterLab offers it: "Create Console for
Editor", then "Run All Code" sends the whole file to the console's kernel as one cell."""

from __future__ import annotations

import time

import pytest

from tests.e2e.editor import run_file_in_console
from tests.e2e.test_live_room import CODE_CELL

pytestmark = pytest.mark.e2e

FILES = {
    "Solution.java": """import java.util.*;

public class Solution {
    public static void main(String[] args) {
        List<Integer> xs = List.of(3, 1, 2);
        System.out.println("sorted " + xs.stream().sorted().toList() + " in Java");
    }
}
""",
    "solution.cpp": """#include <algorithm>
#include <iostream>
#include <vector>

int main() {
    std::vector<int> xs{3, 1, 2};
    std::sort(xs.begin(), xs.end());
    std::cout << "sorted " << xs[0] << xs[1] << xs[2] << " in C++" << std::endl;
}
""",
}
DISPLAY = {"Solution.java": "Java 17", "solution.cpp": "C++17"}
EXPECTED = {"Solution.java": "sorted [1, 2, 3] in Java", "solution.cpp": "sorted 123 in C++"}


@pytest.mark.parametrize("filename", sorted(FILES))
def test_run_all_code_of_an_editor_file_in_its_console(platform, browser, filename):
    name, password = platform.add_staff("interviewer")
    staff = platform.login(name, password)
    iv = platform.create_interview(staff)
    room_user = f"room-{iv['id']}"
    deadline = time.monotonic() + 120  # a room can take a while to start on a busy machine
    while platform.room(staff, room_user, "GET", "api/status").status_code != 200:
        assert time.monotonic() < deadline, "the room did not start"
        time.sleep(1)
    r = platform.room(
        staff,
        room_user,
        "PUT",
        f"api/contents/{filename}",
        json={"type": "file", "format": "text", "content": FILES[filename]},
    )
    assert r.status_code in (200, 201), r.text
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(iv["invite_url"])
        page.wait_for_selector(CODE_CELL, timeout=60_000)
        run_file_in_console(page, filename, DISPLAY[filename], EXPECTED[filename], timeout=120_000)
    finally:
        context.close()
