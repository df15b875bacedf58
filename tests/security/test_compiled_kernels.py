"""Candidate code in Java and C++ is hostile too: compiled programs run as children of the wrapper
kernel, inside the same sandbox. Each test tries to break one rule through a real room (hub, room
server, kernel websocket), then checks the room still works."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import interviewhub.kernels
import pytest

from tests.platform import execute

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="rooms run under their own uids only as root"),
]

PACKAGE = str(Path(interviewhub.kernels.__file__).resolve().parent)  # mounted read-only in sandboxes


@pytest.fixture(scope="module")
def room(platform):
    """One interview with private notes: (room user, candidate session)."""
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
        "api/contents/.interviewer/notes.md",
        json={"type": "file", "format": "text", "content": "hire: strong on graphs"},
    )
    assert r.status_code in (200, 201)
    return room_user, platform.join(iv["invite_url"])


@contextlib.contextmanager
def kernel(platform, room, name: str):
    """A kernel of that language in the room, as the candidate: yields run(code) -> output."""
    room_user, candidate = room
    r = platform.room(candidate, room_user, "POST", "api/kernels", json={"name": name})
    assert r.status_code == 201, (r.status_code, r.text[:300])
    kernel_id = r.json()["id"]
    ws_url = platform.ws_url(room_user, f"api/kernels/{kernel_id}/channels")
    try:
        yield lambda code, timeout=90: execute(ws_url, candidate, code, timeout=timeout)
    finally:
        platform.room(candidate, room_user, "DELETE", f"api/kernels/{kernel_id}")


CPP_PROBE = r"""
#include <bits/stdc++.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
using namespace std;
extern char **environ;
int main() {
    string env;
    for (char **e = environ; *e; e++) env += string(*e) + ",";
    ifstream pid1("/proc/1/environ");
    stringstream init;
    init << pid1.rdbuf();
    cout << "env " << env.size() << " " << (env + init.str()).find("JUPYTERHUB") << " "
         << (env + init.str()).find("TOKEN") << endl;
    cout << "notes " << (ifstream(".interviewer/notes.md") ? "READ" : "hidden") << endl;
    int fd = open("%(package)s/evil.py", O_WRONLY | O_CREAT, 0644);
    cout << "package " << (fd >= 0 ? "WROTE" : "read-only") << endl;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(%(port)d);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cout << "hub " << (connect(s, (sockaddr*)&a, sizeof a) == 0 ? "OPEN" : "closed") << endl;
    int procs = 0;
    bool server = false;
    for (auto& entry : filesystem::directory_iterator("/proc")) {
        string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != string::npos) continue;
        procs++;
        ifstream cmd(entry.path() / "cmdline");
        stringstream text;
        text << cmd.rdbuf();
        server = server || text.str().find("singleuser") != string::npos;
    }
    cout << "processes " << (procs < 10 && !server ? "few" : "MANY") << endl;
}
"""


def test_cpp_program_sees_no_secrets_no_network_and_cannot_write_the_kernel_code(platform, room):
    with kernel(platform, room, "cpp") as run:
        out = run(CPP_PROBE % {"package": PACKAGE, "port": platform.port})
    npos = str(2**64 - 1)
    assert out.split("\n")[0].endswith(f" {npos} {npos}"), out  # neither name found anywhere
    assert out.split("\n")[1:] == ["notes hidden", "package read-only", "hub closed", "processes few", ""], (
        out
    )
    assert not os.path.exists(f"{PACKAGE}/evil.py")


def test_java_program_sees_no_secrets_and_no_private_notes(platform, room):
    code = (
        """
String env = System.getenv().toString() + new String(Files.readAllBytes(Path.of("/proc/1/environ")));
System.out.println(env.contains("JUPYTERHUB") || env.contains("TOKEN") ? "LEAK" : "clean");
System.out.println(Files.exists(Path.of(".interviewer/notes.md")) ? "READ" : "hidden");
try (var s = new java.net.Socket("127.0.0.1", PORT)) { System.out.println("OPEN"); }
catch (IOException e) { System.out.println("closed"); }
"""
    ).replace("PORT", str(platform.port))
    with kernel(platform, room, "java") as run:
        assert run(code) == "clean\nhidden\nclosed\n"


def test_cpp_fork_bomb_is_capped_and_the_kernel_survives(platform, room):
    code = r"""
#include <iostream>
#include <unistd.h>
int main() {
    int made = 0;
    for (int i = 0; i < 1000; i++) {
        pid_t p = fork();
        if (p == 0) { pause(); _exit(0); }
        if (p < 0) break;
        made++;
    }
    std::cout << (made < 128 ? "capped" : "NOT CAPPED") << std::endl;
}
"""
    with kernel(platform, room, "cpp") as run:
        assert run(code) == "capped\n"
        # the children were killed with the program's process group: forking works again
        assert run(code) == "capped\n"
        assert run("cout << 6 * 7 << endl;") == "42\n"
    assert platform.alive()


def test_java_thread_bomb_is_capped_and_the_kernel_survives(platform, room):
    code = """
int made = 0;
try {
    for (int i = 0; i < 2000; i++) {
        Thread t = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } });
        t.setDaemon(true);
        t.start();
        made++;
    }
} catch (Throwable e) { }
System.out.println(made < 128 ? "capped" : "NOT CAPPED " + made);
"""
    with kernel(platform, room, "java") as run:
        out = run(code)
        assert out.endswith("\ncapped\n") and "pthread_create failed" in out, out  # the JVM says why
        assert run("System.out.println(6 * 7);") == "42\n"


def test_output_flood_from_a_program_is_cut_with_a_notice(platform, room):
    with kernel(platform, room, "cpp") as run:
        out = run("for (;;) cout << string(1000, 'x') << \"\\n\";")
        assert "truncated" in out, out[-300:]
        assert len(out) < 1_300_000, len(out)  # ~1 MB shown, the program stopped
        assert run('cout << "still here" << endl;') == "still here\n"


def test_a_program_that_kills_its_kernel_only_hurts_itself(platform, room):
    with kernel(platform, room, "cpp") as run:
        out = run("#include <signal.h>\n#include <unistd.h>\nint main() { kill(getppid(), SIGKILL); }")
        assert out.endswith("[kernel died]"), out
    assert platform.alive()
    with kernel(platform, room, "cpp") as run:
        assert run('cout << "fresh" << endl;') == "fresh\n"
