"""Dashboard sections page through more than 50 interviews (issue 6): previous/next and page
numbers in a labelled nav, links that keep the search and the other sections' pages."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests

pytestmark = pytest.mark.integration

PREFIX = "/services/interviews/"


def rows(page: str, table: str) -> list[int]:
    """Interview ids in a section's table, in order."""
    m = re.search(rf'<table class="table align-middle" id="{table}">(.*?)</table>', page, re.S)
    assert m, f"no table {table}"
    return [int(i) for i in re.findall(r'data-interview="(\d+)"', m.group(1))]


def nav(page: str, label: str) -> str | None:
    m = re.search(rf'<nav aria-label="{label}, pages".*?</nav>', page, re.S)
    return m.group(0) if m else None


def link(block: str, rel: str) -> str | None:
    m = re.search(rf'rel="{rel}" href="([^"]+)"', block)
    return html.unescape(m.group(1)) if m else None


def get(platform, s: requests.Session, href: str) -> requests.Response:
    assert href.startswith(PREFIX), href
    return s.get(platform.url + href.split("#")[0], timeout=60)


@pytest.fixture(scope="module")
def busy(platform):
    """An interviewer with 57 upcoming interviews (in two days, a minute apart) and one more
    whose title the search does not match."""
    name, password = platform.add_staff("interviewer")
    s = platform.login(name, password)
    tag = uuid.uuid4().hex[:6]
    start = (datetime.now(UTC) + timedelta(days=2)).replace(second=0, microsecond=0)
    ids = []
    for n in range(57):
        body = {
            "title": f"Paging {tag} {n:02d}",
            "candidate_name": f"Candidate {n:02d}",
            "scheduled_start": (start + timedelta(minutes=n)).isoformat(),
        }
        ids.append(platform.create_interview(s, **body)["id"])
    other = platform.create_interview(
        s, title="Unrelated", candidate_name="X", scheduled_start=(start - timedelta(hours=1)).isoformat()
    )
    return s, tag, ids, other["id"]


def test_next_link_shows_the_rest_and_previous_comes_back(platform, busy):
    s, _, ids, other = busy
    first = platform.service(s, "GET", "")
    assert first.status_code == 200
    assert "Upcoming (58)" in first.text
    page1 = rows(first.text, "upcoming")
    assert page1 == [other, *ids[:49]]  # soonest first, 50 a page
    block = nav(first.text, "Upcoming interviews")
    assert block and 'aria-current="page"' in block and "1–50 of 58" in block
    assert link(block, "prev") is None and nav(first.text, "Live interviews") is None  # no nav when one page
    second = get(platform, s, link(block, "next"))
    assert second.status_code == 200
    page2 = rows(second.text, "upcoming")
    assert page2 == ids[49:]  # the rest, nothing twice
    block2 = nav(second.text, "Upcoming interviews")
    assert link(block2, "next") is None and "51–58 of 58" in block2
    assert rows(get(platform, s, link(block2, "prev")).text, "upcoming") == page1
    assert re.search(r'aria-label="Page 1" href="[^"]*#section-upcoming"', block2)


def test_links_keep_the_search(platform, busy):
    s, tag, ids, other = busy
    r = platform.service(s, "GET", f"?q=Paging+{tag}")
    assert "Upcoming (57)" in r.text and other not in rows(r.text, "upcoming")
    nxt = link(nav(r.text, "Upcoming interviews"), "next")
    assert f"q=Paging+{tag}" in nxt and "upcoming_page=2" in nxt
    second = get(platform, s, nxt)
    assert rows(second.text, "upcoming") == ids[50:]
    assert f'value="Paging {tag}"' in second.text  # the search box still says what is searched
    back = link(nav(second.text, "Upcoming interviews"), "prev")
    assert f"q=Paging+{tag}" in back and "upcoming_page" not in back


def test_bad_page_numbers_are_refused_and_past_the_end_links_back(platform, busy):
    s, *_ = busy
    for bad in ("0", "-1", "two", "1e3", "9999999"):
        r = platform.service(s, "GET", f"?upcoming_page={bad}")
        assert r.status_code == 400, bad
        assert "upcoming_page must be a page number" in r.text
    assert platform.service(s, "GET", "?q=" + "x" * 201).status_code == 400
    r = platform.service(s, "GET", "?upcoming_page=7")
    assert r.status_code == 200 and rows(r.text, "upcoming") == []
    block = nav(r.text, "Upcoming interviews")
    assert "Past the last page" in block and "upcoming_page=2" in link(block, "prev")


def test_new_invite_link_and_revoke_from_the_interviews_page(platform, busy):
    """The invite block the dashboard shows after scheduling (one macro) is what a new link shows."""
    s, _, ids, _ = busy
    page = platform.service(s, "GET", f"interviews/{ids[0]}").text
    assert 'id="new-invite"' in page and 'id="revoke-invite"' in page
    token = s.cookies.get("_xsrf", path=PREFIX)
    r = platform.service(s, "POST", f"interviews/{ids[0]}/invite/new", data={"_xsrf": token})
    assert r.status_code == 200 and 'id="created"' in r.text
    link = html.unescape(re.search(r'id="invite-url"[^>]*value="([^"]+)"', r.text).group(1))
    assert f"/hub/invite/{ids[0]}/" in link
    r = platform.service(s, "POST", f"interviews/{ids[0]}/invite/revoke", data={"_xsrf": token})
    assert r.status_code == 200 and "Invite link revoked" in r.text
    assert requests.get(link, timeout=30).status_code == 410  # the link no longer works
