"""Page links for the server-rendered lists: previous/next and page numbers.

Each list on a page has its own query argument (`upcoming_page=3`), so paging one section keeps
the others where they were, and every link keeps the page's filters (`q=...`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from tornado import web

PER_PAGE = 50
MAX_PAGE = 10**6


def page_argument(handler: web.RequestHandler, key: str) -> int:
    """The 1-based page a query argument asks for; anything else is a 400."""
    raw = handler.get_query_argument(key, "")
    if raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise web.HTTPError(400, f"{key} must be a page number from 1 to {MAX_PAGE}")
    return int(raw)


@dataclass(frozen=True)
class Pager:
    key: str  # the query argument of this list's page
    page: int
    total: int
    base: str  # the page's path
    args: dict[str, str] = field(default_factory=dict)  # the page's other query arguments, kept
    anchor: str = ""  # the list's element id: a link lands on the list, not the top of the page
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """1-based index of the first row shown (0 when the page is empty)."""
        return self.offset + 1 if self.offset < self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.per_page)

    @property
    def needed(self) -> bool:
        return self.pages > 1 or self.page > 1

    def url(self, page: int) -> str:
        args = {k: v for k, v in self.args.items() if k != self.key and v != ""}
        if page > 1:
            args[self.key] = str(page)
        query = f"?{urlencode(sorted(args.items()))}" if args else ""
        return f"{self.base}{query}{'#' + self.anchor if self.anchor else ''}"

    @property
    def previous(self) -> int | None:
        """The page before; from past the end, the last page."""
        return min(self.page - 1, self.pages) if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and those near this one; None for a gap."""
        last, here = self.pages, min(self.page, self.pages)
        wanted = sorted({1, last, *range(max(1, here - around), min(last, here + around) + 1)})
        out: list[int | None] = []
        for n in wanted:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out
