"""Benchmark: the interview service's lists and dashboard pages with 10,000 interviews.

Starts the whole platform (hub, proxy, service) on SQLite and then on a throwaway PostgreSQL
(tests/pg.py), fills the interview database with N interviews (a realistic mix: scheduled,
live, ended with scorecards, submissions and snapshots, cancelled; a panel of 1-2 from 20
interviewers; problems from the bank), and times requests through the proxy as a browser or a
script makes them. Targets: p50 <= 50 ms and p95 <= 150 ms.

Usage: python tests/bench/service.py [--interviews 10000] [--requests 60] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.pg import PostgresCluster, create_database, pg_bindir  # noqa: E402
from tests.platform import ADMIN_PASSWORD, Platform, traversable_tmpdir  # noqa: E402

PROBLEMS = ["two-sum", "merge-intervals", "lru-cache", "count-islands", "top-k-frequent", "trapped-water"]
RECS = ["strong_no", "no", "mixed", "yes", "strong_yes"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def fill(db_url: str, n: int, lead: str) -> float:
    """Insert n interviews (bulk, one transaction); returns the seconds it took."""
    from interviewhub.hub import db as dbmod
    from interviewhub.hub.models import (
        Interview,
        InterviewEvent,
        InterviewProblem,
        InterviewSnapshot,
        PanelMember,
        Scorecard,
    )

    rng = random.Random(7)
    staff = [lead] + [f"bench-{i:02d}" for i in range(19)]
    now = datetime.now(UTC)
    start = time.perf_counter()
    with dbmod.sessions(db_url)() as db:
        rows = []
        for i in range(n):
            when = now + timedelta(hours=rng.uniform(-24 * 365, 24 * 60))
            status = "scheduled" if when > now else rng.choices(["ended", "cancelled", "live"], [90, 8, 2])[0]
            owner = staff[i % len(staff)]
            iv = Interview(
                title=f"Interview {i} {rng.choice(['backend', 'frontend', 'data', 'platform'])}",
                candidate_name=f"Candidate {i}",
                candidate_email=f"c{i}@example.com",
                interviewer=owner,
                scheduled_start=when,
                duration_minutes=rng.choice([30, 45, 60, 90]),
                status=status,
                room_opened_at=when if status != "scheduled" else None,
                ended_at=when + timedelta(minutes=50) if status == "ended" else None,
            )
            panel = [owner] + ([rng.choice(staff)] if rng.random() < 0.4 else [])
            iv.panel = [PanelMember(username=u, position=k) for k, u in enumerate(dict.fromkeys(panel))]
            problem = rng.choice(PROBLEMS)
            iv.problem_links = [InterviewProblem(position=0, problem_id=problem)]
            rows.append((iv, status, problem, panel))
            db.add(iv)
        db.flush()
        for iv, status, problem, panel in rows:
            if status != "ended":
                continue
            db.add(
                InterviewSnapshot(
                    interview_id=iv.id, files='{"files": {}}', duration_s=rng.uniform(1500, 3600)
                )
            )
            verdict = "Accepted" if rng.random() < 0.55 else "Wrong Answer"
            db.add(InterviewEvent(interview_id=iv.id, kind="submission", problem_id=problem, verdict=verdict))
            for who in dict.fromkeys(panel):
                db.add(
                    Scorecard(
                        interview_id=iv.id,
                        interviewer=who,
                        overall=rng.randint(1, 5),
                        recommendation=rng.choice(RECS),
                        rubric="[]",
                        summary="",
                    )
                )
        db.commit()
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("ANALYZE"))  # what autovacuum does after a bulk load: planner statistics
            db.commit()
    return time.perf_counter() - start


def timed(session: requests.Session, url: str, n: int, **kw) -> list[float]:
    session.get(url, timeout=60, **kw)  # warm
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = session.get(url, timeout=60, **kw)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return out


def run(backend: str, n: int, reqs: int, pg: PostgresCluster | None) -> list[dict]:
    tmp = traversable_tmpdir()
    env = {"INTERVIEWHUB_CULL_IDLE_SECONDS": "0"}
    if backend == "postgresql":
        env["INTERVIEWHUB_DB_URL"] = create_database(pg.admin_url)
        env["INTERVIEWHUB_HUB_DB_URL"] = create_database(pg.admin_url)
    plat = Platform(tmp / "data", env=env).start()
    results = []
    try:
        lead, password = plat.add_staff("interviewer", name="bench-lead")
        db_url = env.get("INTERVIEWHUB_DB_URL", f"sqlite:///{plat.data_dir}/interviews.sqlite")
        fill_s = fill(db_url, n, lead)
        print(f"[{backend}] filled {n} interviews in {fill_s:.1f} s", flush=True)
        admin = plat.login("admin", ADMIN_PASSWORD)
        r = admin.post(
            f"{plat.url}/hub/api/users/admin/tokens",
            json={"note": "bench"},
            headers={"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")},
        )
        token = {"Authorization": f"token {r.json()['token']}"}
        interviewer = plat.login(lead, password)
        svc = f"{plat.url}/services/interviews/"
        script = requests.Session()
        cases = [
            ("API list, newest 50 (admin token)", script, f"{svc}api/v1/interviews?limit=50", token),
            (
                "API list, status=ended, offset 5000",
                script,
                f"{svc}api/v1/interviews?status=ended&limit=50&offset=5000",
                token,
            ),
            ("API list, search q=", script, f"{svc}api/v1/interviews?q=Candidate%2077&limit=50", token),
            (
                "API list, one interviewer's",
                script,
                f"{svc}api/v1/interviews?interviewer=bench-lead&limit=50",
                token,
            ),
            ("API statistics", script, f"{svc}api/v1/stats", token),
            ("Dashboard page, interviewer", interviewer, svc, {}),
            ("Dashboard page, admin (all)", admin, svc, {}),
            ("Statistics page, admin", admin, f"{svc}stats", {}),
        ]
        for name, session, url, headers in cases:
            ms = timed(session, url, reqs, headers=headers)
            row = {
                "backend": backend,
                "case": name,
                "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(pct(ms, 95), 1),
                "max_ms": round(max(ms), 1),
            }
            row["ok"] = row["p50_ms"] <= 50 and row["p95_ms"] <= 150
            results.append(row)
            print(
                f"[{backend}] {name:40s} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
                f"{'ok' if row['ok'] else 'OVER TARGET'}",
                flush=True,
            )
    finally:
        plat.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--interviews", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    pg = None
    results = []
    try:
        if "postgresql" in backends:
            bindir = pg_bindir()
            if bindir is None:
                print("no PostgreSQL binaries: skipping postgresql")
                backends.remove("postgresql")
            else:
                pg = PostgresCluster(bindir).start()
        for backend in backends:
            results += run(backend, args.interviews, args.requests, pg)
    finally:
        if pg:
            pg.stop()
    print(json.dumps(results, indent=1))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
