"""``make bench``: seed a large alliance at each volume, serve the portal under gunicorn with
production settings, and measure every benchmarked page type (``tests.pages.PAGE_TYPES``, the
entries marked ``benchmarked``) with wrk, each against a view with no middleware served by the
same server, with the same settings, in the same run.

    python -m tests.benchmarks.run

**Volumes.** Each number of resources in ``BENCH_VOLUMES`` (5,000 and 50,000) has a database of
its own (``BENCH_DATABASE_URL``'s name plus ``_<resources>``, created if needed) and a cache key
prefix of its own; seeding adds what is missing (tests/benchmarks/volumes.py, pages in bulk) and
checks the page tree with treebeard's ``find_problems``.

**Reference rows.** The bare view: a minimal Django view that tests/benchmarks/wsgi.py serves with
no middleware at all (``BARE_PATH``). Every figure is a ratio to it. The full-stack view: the
same view behind the portal's whole middleware stack (``FULL_STACK_PATH``), measured like a page,
as a second reference.

**Rounds.** Each row is measured in ``BENCH_ROUNDS`` rounds, each round the bare view then the
page (A B A B ...), ``BENCH_DURATION`` seconds each; a row's ratios are the medians of its rounds'
ratios, so a verdict does not flip with the machine's noise.

**Budgets** (issue 11), all ratios to the bare view of the same round:
- anonymous pages from the page cache (``cached``): requests/s at least ``CACHED_MIN_RPS_RATIO``
  of the bare view's, p99 at most ``CACHED_MAX_P99_RATIO`` times its p99, at every concurrency;
- pages for a signed-in member: p50 at one connection at most ``MEMBER_MAX_P50_RATIO`` times the
  bare view's, and at most ``QUERY_BUDGET`` queries (tests/pages.py);
- a page type's own budgets in ms, each at the volume its issue names (``max_p50_ms`` and
  ``max_p99_ms``: the library's searches and filters at 5,000 resources, its keyword search at
  50,000 too, the directory's pages and the API at 50,000 entries, site-wide search at 50,000
  resources' documents): its median (99th percentile) at one connection. A page the cache serves
  to visitors that has one (a directory country page, /report/ for a country, the API's filtered
  list: issue 14's budgets are "uncached") is measured twice: replayed from the page cache, under
  the page-cache budget, and rendered past it (``uncached``, a row of its own), under its own;
- flat as content grows: at each later volume, every page but those that ``grows_with_content``
  (keyword search) keeps its p50 ratio at one connection within ``FLAT_MAX_GROWTH`` times its
  ratio at the first volume, and needs no more queries.

Results go to tests/benchmarks/results/ (``latest.json`` and ``latest.md``) and into the README's
"Performance" section. The run exits with status 1 when a budget is missed (after writing them).

Environment (defaults in brackets): BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/
portal_bench], BENCH_CACHE_URL [redis://127.0.0.1:6379/14], BENCH_PORT [8031], BENCH_VOLUMES
[5000,50000], BENCH_ROUNDS [5], BENCH_DURATION [2 seconds per measurement], BENCH_CONNECTIONS
[1,8], BENCH_WORKERS [number of CPUs], BENCH_WORKER_CLASS [sync], BENCH_PAGES [every benchmarked
page type; else ids separated by "|", such as "home (visitor)|home (member)", for a trial].
"""

import dataclasses
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.event_race import run_race
from tests.pages import PAGE_TYPES, QUERY_BUDGET, PageType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"
README = ROOT / "README.md"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
PORT = int(os.environ.get("BENCH_PORT", "8031"))
VOLUMES = [int(v) for v in os.environ.get("BENCH_VOLUMES", "5000,50000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
DURATION = int(os.environ.get("BENCH_DURATION", "2"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,8").split(",")]
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
ONLY = [page for page in os.environ.get("BENCH_PAGES", "").split("|") if page]
BASE = f"http://127.0.0.1:{PORT}"
# One per run: the member's session, stored while preparing, is read by the server.
SECRET_KEY = secrets.token_urlsafe(50)

BARE_PATH = "/bench/bare/"  # tests/benchmarks/urls.py
FULL_STACK = PageType("full-stack view (reference)", "/bench/full-stack/")

CACHED_MIN_RPS_RATIO = 0.5
CACHED_MAX_P99_RATIO = 3
MEMBER_MAX_P50_RATIO = 90
FLAT_MAX_GROWTH = 1.25


def benchmarked_pages():
    pages = [page for page in PAGE_TYPES if page.benchmarked]
    if ONLY:
        unknown = set(ONLY) - {page.id for page in pages}
        if unknown:
            raise SystemExit(f"BENCH_PAGES names no benchmarked page type: {sorted(unknown)}")
        pages = [page for page in pages if page.id in ONLY]
    return pages


# A visitor just shown a message sends Django's messages cookie, and the page cache steps aside
# for such a request (portal/pagecache.py): the view renders as on a miss. An empty one carries
# no message.
UNCACHED_COOKIE = "messages="


@dataclasses.dataclass(frozen=True)
class Measured:
    """A row to measure: the page type, how (replayed from the page cache or rendered past it),
    and its budget in ms."""

    page: PageType
    uncached: bool = False

    @property
    def id(self):
        return f"{self.page.name} (visitor, uncached)" if self.uncached else self.page.id

    @property
    def cached(self):
        return self.page.cached and not self.uncached

    @property
    def max_p50_ms(self):
        # A cached page's own budget is its uncached render's; its cached row has the cache's.
        return () if self.cached else self.page.max_p50_ms

    @property
    def max_p99_ms(self):
        return () if self.cached else self.page.max_p99_ms

    def cookie(self, member_cookie):
        if self.page.signed_in:
            return member_cookie
        return UNCACHED_COOKIE if self.uncached else None


def measured_rows(pages):
    for page in pages:
        yield Measured(page)
        if page.cached and page.max_p50_ms and not page.signed_in:
            yield Measured(page, uncached=True)


def log(message):
    print(f"== {message}", flush=True)


def volume_database_url(resources):
    return f"{DATABASE_URL}_{resources}"


def volume_cache_url(resources):
    return f"{CACHE_URL}{'&' if '?' in CACHE_URL else '?'}key_prefix=bench-{resources}"


def environment(resources):
    return {
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": volume_database_url(resources),
        "CACHE_URL": volume_cache_url(resources),
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        # wrk is one client: the API's limit (300 a minute) would answer 429 to its requests
        # past the page cache. A limit no run reaches keeps the throttle's cost in the figures.
        "API_RATE_LIMIT": "100000000/m",
        "PYTHONUNBUFFERED": "1",
    }


# --- Preparing one volume (in a process of its own, with that volume's database) ---------------
def create_database(url):
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def member_cookie():
    """A signed-in member's session cookie (a session stored as the sign-in form would)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.benchmarks.volumes import BENCH_MEMBER_EMAIL

    client = Client()
    client.force_login(get_user_model().objects.get(email=BENCH_MEMBER_EMAIL))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def query_counts(paths, cookie):
    """Queries of one render of each page, as a running server renders it once its caches are
    warm. The page cache is switched off here, so that the visitor's pages are rendered rather
    than replayed."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for page, path in paths:
            client = Client(HTTP_HOST=f"127.0.0.1:{PORT}")
            if page.signed_in:
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            client.get(path)  # per-process caches, as in a running server
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == page.status, (page, response.status_code)
            counts[page.id] = len(queries)
    return counts


def prepare(resources):
    """Migrate, seed, check the tree, collect static files; print what the run needs."""
    create_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from wagtail.models import Page

    from portal import content_version
    from tests.benchmarks.event_race import prepare_race
    from tests.benchmarks.volumes import seed

    log("migrate")
    call_command("migrate", verbosity=0, interactive=False)
    log(f"seed {resources:,} resources")
    started = time.monotonic()
    site, counts = seed(resources)
    seconds = time.monotonic() - started
    log(f"seeded in {seconds:.0f} s: {counts}")
    problems = dict(
        zip(
            ["bad characters", "bad path length", "orphans", "wrong depth", "wrong numchild"],
            Page.find_problems(),
            strict=True,
        )
    )
    if any(problems.values()):
        raise SystemExit(f"the seeded page tree has problems: {problems}")
    # The tables as autovacuum leaves them after a bulk load in time: fresh statistics (without
    # them the planner takes the new tables for empty ones) and the visibility map (without it
    # every index-only scan reads the table too: site-wide search at 50,000 resources answered
    # in 69 ms on a database just seeded, 46 ms once vacuumed).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", verbosity=0, interactive=False)
    # Every cache starts empty: nothing cached by an earlier run's code is served.
    content_version.move()
    cookie = member_cookie()
    race_path, race_sessions = prepare_race()
    pages = benchmarked_pages()
    paths = [(page, page.path(site.urls)) for page in pages]
    result = {
        "resources": resources,
        "volumes": counts,
        "seed_seconds": round(seconds, 1),
        "tree": "no problems (treebeard find_problems)",
        "paths": {page.id: path for page, path in paths},
        "queries": query_counts(paths, cookie),
        "cookie": cookie,
        "race": {"path": race_path, "sessions": race_sessions},
    }
    print("BENCH-PREPARED " + json.dumps(result), flush=True)


def prepared(resources):
    env = {**os.environ, **environment(resources)}
    process = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.run", "prepare", str(resources)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"^BENCH-PREPARED (.*)$", process.stdout, re.M)
    print(re.sub(r"^BENCH-PREPARED .*$\n?", "", process.stdout, flags=re.M), end="")
    if process.returncode or not found:
        raise SystemExit(f"preparing {resources:,} resources failed")
    return json.loads(found.group(1))


# --- Measuring ---------------------------------------------------------------------------------
def fetch(path, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(BASE + path, headers=headers)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, dict(response.headers), response.read().decode()


def check_page(row, path, member_cookie):
    """The page answers as it should, as a member or a visitor, and from the cache when it
    should (rendered past it when the row is ``uncached``)."""
    page = row.page
    for _ in range(3):
        status, headers, body = fetch(path, row.cookie(member_cookie))
    assert status == page.status, (row.id, status)
    if page.html:
        # The sign-out form, in any language (its label is translated, its address prefixed).
        signed_in = re.search(r'action="(/[a-z]{2})?/accounts/logout/"', body) is not None
        assert signed_in is page.signed_in, f"{row.id}: wrong sign-in state"
    if row.cached:
        assert headers.get("X-Page-Cache") == "hit", (row.id, headers.get("X-Page-Cache"))
    elif row.uncached:
        assert headers.get("X-Page-Cache") == "bypass", (row.id, headers.get("X-Page-Cache"))


def wrk(path, connections, cookie=None):
    args = [
        "wrk", f"--threads={min(connections, 2)}", f"--connections={connections}",
        f"--duration={DURATION}s", "--timeout=10s", f"--script={HERE / 'report.lua'}",
    ]  # fmt: skip
    if cookie:
        args += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*args, BASE + path], capture_output=True, text=True, check=True, timeout=DURATION + 30
    ).stdout
    result = json.loads(re.search(r"^BENCH-JSON (.*)$", output, re.M).group(1))
    errors = sum(result["errors"].values())
    assert errors == 0, f"wrk saw errors on {path}: {result['errors']}\n{output}"
    return {
        "requests": result["requests"],
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
    }


def measure(path, connections, cookie=None):
    """``ROUNDS`` rounds of the bare view then the page; the medians of the page's figures, of
    the bare view's, and of the ratios of each round."""
    rounds = []
    for _ in range(ROUNDS):
        bare = wrk(BARE_PATH, connections)
        page = wrk(path, connections, cookie)
        rounds.append({"bare": bare, "page": page})
    return {"connections": connections, **summary(rounds)}


def summary(rounds):
    """The medians over ``rounds`` (each ``{"bare": figures, "page": figures}``) of the page's
    figures, of the bare view's, and of the page's ratios to the bare view of its round."""

    def median(figure, who="page"):
        return statistics.median(r[who][figure] for r in rounds)

    def ratio(figure):
        return statistics.median(r["page"][figure] / r["bare"][figure] for r in rounds)

    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "bare_rps": median("rps", "bare"),
        "bare_p50_ms": median("p50_ms", "bare"),
        "bare_p99_ms": median("p99_ms", "bare"),
        "rps_ratio": ratio("rps"),
        "p50_ratio": ratio("p50_ms"),
        "p99_ratio": ratio("p99_ms"),
        "rounds": rounds,
    }


def serve(env):
    args = [
        sys.executable, "-m", "gunicorn", "tests.benchmarks.wsgi:application",
        "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS),
        "--worker-class", WORKER_CLASS, "--no-control-socket", "--log-level", "warning",
    ]  # fmt: skip
    log(f"gunicorn, {WORKERS} {WORKER_CLASS} workers, on {BASE}")
    process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if fetch(BARE_PATH)[0] == 200:
                return process
        except (OSError, urllib.error.URLError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise SystemExit("gunicorn did not start")
        time.sleep(0.3)


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def bare_row(rows, connections):
    """The bare view's medians over every round measured at ``connections``."""
    rounds = [r["bare"] for row in rows if row["connections"] == connections for r in row["rounds"]]
    return {
        "id": "bare view (no middleware)",
        "connections": connections,
        **{
            figure: statistics.median(r[figure] for r in rounds)
            for figure in ("rps", "p50_ms", "p99_ms")
        },
    }


def row_of(row, measured, queries):
    page = row.page
    return {
        "id": row.id,
        "name": page.name,
        "signed_in": page.signed_in,
        "cached": row.cached,
        "max_p50_ms": row.max_p50_ms,
        "max_p99_ms": row.max_p99_ms,
        "grows_with_content": page.grows_with_content,
        "queries": queries,
        **measured,
    }


RACE_MAX_SECONDS = 2


def measure_volume(resources):
    ready = prepared(resources)
    pages = benchmarked_pages()
    cookie = ready["cookie"]
    server = serve({**os.environ, **environment(resources)})
    rows = []
    try:
        measured_pages = list(measured_rows(pages))
        for row in measured_pages:
            check_page(row, ready["paths"][row.page.id], cookie)
        for row in [Measured(FULL_STACK), *measured_pages]:
            path = ready["paths"].get(row.page.id, row.page.url)
            for connections in CONNECTIONS:
                log(f"{resources:,} resources: {row.id}, {connections} connection(s)")
                measured = measure(path, connections, row.cookie(cookie))
                # The queries of one render (the page cache off): what an uncached row costs.
                rows.append(row_of(row, measured, ready["queries"].get(row.page.id)))
        # Issue 15: 40 registrations at once against 10 places, over HTTP.
        race = run_race(BASE, ready["race"]["path"], ready["race"]["sessions"])
        race["met"] = race["confirmed"] == race["capacity"] and race["seconds"] < RACE_MAX_SECONDS
        log(f"{resources:,} resources: registration race {race}")
    finally:
        stop(server)
    bare = [bare_row(rows, connections) for connections in CONNECTIONS]
    kept = {k: v for k, v in ready.items() if k not in ("cookie", "race")}
    return {**kept, "bare": bare, "rows": rows, "race": race}


# --- Verdicts ----------------------------------------------------------------------------------
def evaluate(volumes):
    """Each row's budget ("met", "MISSED: ...", or "" when none applies), and the flat rows
    comparing each later volume with the first; return ``(resources, row)`` for each row that
    missed."""
    first = volumes[0]
    at_first = {(row["id"], row["connections"]): row for row in first["rows"]}
    missed = []
    for volume in volumes:
        volume["flat"] = []
        for row in volume["rows"]:
            checks = []
            one = row["connections"] == 1
            if row["cached"] and not row["signed_in"]:
                checks.append(("req/s ≥ ½ bare", row["rps_ratio"] >= CACHED_MIN_RPS_RATIO))
                checks.append(("p99 ≤ 3 × bare", row["p99_ratio"] <= CACHED_MAX_P99_RATIO))
            if row["signed_in"] and one:
                checks.append(("p50 ≤ 90 × bare", row["p50_ratio"] <= MEMBER_MAX_P50_RATIO))
                checks.append((f"≤ {QUERY_BUDGET} queries", row["queries"] <= QUERY_BUDGET))
            if one:
                for figure, budgets in (("p50", row["max_p50_ms"]), ("p99", row["max_p99_ms"])):
                    limit = dict(budgets or ()).get(volume["resources"])
                    if limit:
                        checks.append((f"{figure} < {limit} ms", row[f"{figure}_ms"] < limit))
            row["budget"] = verdict(checks)
            if volume is not first and one and row["id"] != FULL_STACK.id:
                flat = flat_row(at_first[(row["id"], 1)], row)
                volume["flat"].append(flat)
                if flat["budget"].startswith("MISSED"):
                    missed.append((volume["resources"], flat))
            if row["budget"].startswith("MISSED"):
                missed.append((volume["resources"], row))
    return missed


def flat_row(before, after):
    growth = after["p50_ratio"] / before["p50_ratio"]
    checks = []
    if not after["grows_with_content"]:
        checks.append((f"p50 ≤ {FLAT_MAX_GROWTH} × first volume's", growth <= FLAT_MAX_GROWTH))
        if after["queries"] is not None:
            checks.append(("no more queries", after["queries"] <= before["queries"]))
    return {
        "id": after["id"],
        "connections": 1,
        "p50_ratio_before": before["p50_ratio"],
        "p50_ratio_after": after["p50_ratio"],
        "p50_ms_before": before["p50_ms"],
        "p50_ms_after": after["p50_ms"],
        "growth": growth,
        "queries_before": before["queries"],
        "queries_after": after["queries"],
        "budget": verdict(checks) if checks else "grows with content (keyword search)",
    }


def verdict(checks):
    if not checks:
        return ""
    failed = [name for name, ok in checks if not ok]
    return f"MISSED: {'; '.join(failed)}" if failed else "met"


# --- Reporting ---------------------------------------------------------------------------------
def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "wrk": wrk_version.split("[")[0].strip() or "wrk",
    }


def markdown(result):
    m = result["machine"]
    lines = [
        f"Measured {result['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, "
        f"{m['os']}; Python {m['python']}, {m['wrk']}; gunicorn with {result['workers']} "
        f"{result['worker_class']} workers and production settings; PostgreSQL and Redis on "
        f"the same machine; each row {result['rounds']} rounds of {result['duration_s']} s, "
        "each round the bare view then the page; figures are medians of the rounds, ratios "
        "the medians of each round's ratio to the bare view.",
    ]
    for volume in result["volumes"]:
        seeded = ", ".join(f"{n:,} {name}" for name, n in volume["volumes"].items())
        lines += [
            "",
            f"**{volume['resources']:,} resources.** Seeded: {seeded} (seeding took "
            f"{volume['seed_seconds']:.0f} s; page tree: {volume['tree']}).",
            "",
            "| page | conn. | req/s | p50 ms | p99 ms | req/s ÷ bare | p50 × bare | p99 × bare "
            "| queries | budget |",
            "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |",
        ]
        for bare in volume["bare"]:
            lines.append(
                f"| {bare['id']} | {bare['connections']} | {bare['rps']:,.0f} "
                f"| {bare['p50_ms']:.2f} | {bare['p99_ms']:.2f} | 1.00 | 1.0 | 1.0 |  |  |"
            )
        for row in volume["rows"]:
            page_id = row["id"] + (" (cached)" if row["cached"] and not row["signed_in"] else "")
            queries = "" if row["queries"] is None else str(row["queries"])
            lines.append(
                f"| {page_id} | {row['connections']} | {row['rps']:,.0f} "
                f"| {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['rps_ratio']:.2f} "
                f"| {row['p50_ratio']:.1f} | {row['p99_ratio']:.1f} | {queries} "
                f"| {row['budget']} |"
            )
    first = result["volumes"][0]
    for volume in result["volumes"][1:]:
        lines += [
            "",
            f"**Flat as content grows**, {first['resources']:,} → {volume['resources']:,} "
            "resources, one connection:",
            "",
            "| page | p50 ms | p50 × bare | p50 × bare, later | growth | queries | budget |",
            "| --- | --: | --: | --: | --: | --: | --- |",
        ]
        for flat in volume["flat"]:
            queries = (
                ""
                if flat["queries_after"] is None
                else f"{flat['queries_before']} → {flat['queries_after']}"
            )
            lines.append(
                f"| {flat['id']} | {flat['p50_ms_before']:.2f} → {flat['p50_ms_after']:.2f} "
                f"| {flat['p50_ratio_before']:.1f} | {flat['p50_ratio_after']:.1f} "
                f"| {flat['growth']:.2f} × | {queries} | {flat['budget']} |"
            )
    lines += [
        "",
        "Budgets (issue 11), against the bare view (a minimal Django view with no middleware, "
        "same server and settings, same round): anonymous pages from the page cache keep ≥ ½ "
        "of its req/s and a p99 ≤ 3 × its p99; pages for a signed-in member keep p50 at one "
        f"connection ≤ {MEMBER_MAX_P50_RATIO} × its p50 and ≤ {QUERY_BUDGET} queries; the "
        "library's searches and filters, site-wide search and the directory's pages rendered "
        'past the page cache (rows with a budget in ms, "uncached") keep their median (and '
        "site-wide search its p99) at one connection under it at the volume their issue "
        "names; every page but keyword "
        f"search keeps its p50 ratio within {FLAT_MAX_GROWTH} × as content grows, with no "
        "more queries. The full-stack view is the same minimal view behind the portal's whole "
        "middleware stack. Queries are those of one render with warm caches (the page cache "
        f"off); the test suite asserts ≤ {QUERY_BUDGET} for every page type. Overall: "
        f"{'every budget met' if result['budgets_met'] else 'a budget MISSED'}.",
    ]
    return "\n".join(lines) + "\n"


def update_readme(table):
    text = README.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\n{table}{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        section = f"## Performance\n\n{block}\n\n"
        text = text.replace("## Layout", section + "## Layout", 1)
    README.write_text(text)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    started = time.monotonic()
    rows = list(measured_rows(benchmarked_pages()))
    minutes = (len(rows) + 1) * len(CONNECTIONS) * ROUNDS * 2 * DURATION / 60
    every = ", ".join(f"{v:,}" for v in VOLUMES)
    log(
        f"{len(rows)} measured pages and the full-stack view, about {minutes:.0f} min of measuring "
        f"per volume; volumes: {every} resources"
    )
    volumes = [measure_volume(resources) for resources in VOLUMES]
    missed = evaluate(volumes)
    for volume in volumes:
        if not volume["race"]["met"]:
            log(f"registration race budget missed at {volume['resources']:,}: {volume['race']}")
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "workers": WORKERS,
        "worker_class": WORKER_CLASS,
        "rounds": ROUNDS,
        "duration_s": DURATION,
        "connections": CONNECTIONS,
        "volumes": volumes,
        "budgets_met": not missed and all(volume["race"]["met"] for volume in volumes),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    table = markdown(result)
    (RESULTS / "latest.md").write_text("# Benchmark: latest results\n\n" + table)
    update_readme(table)
    print(table)
    log(f"done in {time.monotonic() - started:.0f} s; results in {RESULTS}")
    if missed:
        for resources, row in missed:
            log(
                f"budget missed at {resources:,} resources: {row['id']}, "
                f"{row['connections']} connection(s): {row['budget']}"
            )
    if not result["budgets_met"]:
        raise SystemExit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]))
    else:
        main()
