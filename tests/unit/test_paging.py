"""Page links of the server-rendered lists (paging.Pager)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from interviewhub.hub.service.paging import Pager


def pager(page: int, total: int, **kw) -> Pager:
    return Pager("upcoming_page", page, total, "/services/interviews/", kw.pop("args", {}), **kw)


def test_offsets_pages_and_shown_range():
    p = pager(2, 120)
    assert (p.offset, p.pages, p.first, p.last, p.needed) == (50, 3, 51, 100, True)
    assert pager(3, 120).last == 120
    assert not pager(1, 50).needed and pager(1, 51).needed
    assert pager(1, 0).pages == 1 and pager(1, 0).first == 0


def test_links_keep_the_filters_and_other_lists_pages():
    p = pager(
        2, 200, args={"q": "Ada", "completed_page": "3", "upcoming_page": "2", "live_page": ""}, anchor="s"
    )
    url = urlsplit(p.url(3))
    assert url.path == "/services/interviews/" and url.fragment == "s"
    assert parse_qs(url.query) == {"q": ["Ada"], "completed_page": ["3"], "upcoming_page": ["3"]}
    assert "upcoming_page" not in p.url(1)  # page 1 is the plain address


@pytest.mark.parametrize(
    "page, total, expected",
    [
        (1, 100, [1, 2]),
        (1, 500, [1, 2, 3, None, 10]),
        (6, 500, [1, None, 4, 5, 6, 7, 8, None, 10]),
        (10, 500, [1, None, 8, 9, 10]),
        (4, 500, [1, 2, 3, 4, 5, 6, None, 10]),
        (12, 100, [1, 2]),  # past the end: the real pages
    ],
)
def test_page_numbers_show_the_ends_and_the_neighbourhood(page, total, expected):
    assert pager(page, total).numbers() == expected


def test_previous_and_next():
    assert (pager(1, 120).previous, pager(1, 120).next) == (None, 2)
    assert (pager(3, 120).previous, pager(3, 120).next) == (2, None)
    assert (pager(12, 100).previous, pager(12, 100).next) == (2, None)  # from past the end: the last page
