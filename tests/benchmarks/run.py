"""``make bench``: seed a large alliance, serve the portal under gunicorn with production settings,
and measure each page type with wrk against a minimal Django view served the same way.

    python -m tests.benchmarks.run

Adding a page type is one line in ``PAGES``. Results go to tests/benchmarks/results/
(``latest.json`` and ``latest.md``) and into the README's "Performance" section. The run exits
with status 1 when a budget is missed (after writing the results).

Environment (defaults in brackets): BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/
portal_bench], BENCH_CACHE_URL [redis://127.0.0.1:6379/14], BENCH_PORT [8031], BENCH_DURATION
[5 seconds per measurement], BENCH_CONNECTIONS [1,8], BENCH_WORKERS [number of CPUs],
BENCH_WORKER_CLASS [sync].
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.pages import QUERY_BUDGET

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"
README = ROOT / "README.md"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
PORT = int(os.environ.get("BENCH_PORT", "8031"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,8").split(",")]
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
BASE = f"http://127.0.0.1:{PORT}"

# Budgets (issue 5): anonymous pages served from the page cache keep at least a third of the
# baseline's throughput and a p99 within 3 times its p99; pages rendered for a signed-in member
# keep their p50 at one connection within 90 times the baseline's.
CACHED_MIN_THROUGHPUT_RATIO = 1 / 3
CACHED_MAX_P99_RATIO = 3
MEMBER_MAX_P50_RATIO = 90
# The library's keyword search and filters at 5,000 resources: median under 50 ms on the server.
LIBRARY_MAX_P50_MS = 50
# The scale: "a bare Django view under gunicorn ... p50 0.3 ms at one connection".
REFERENCE_BASELINE_P50_MS = 0.3


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: str  # "{about}" and the like come from the seeded site's URLs
    member: bool = False  # requested with a signed-in member's session cookie
    cached: bool = False  # an anonymous Wagtail page: served from the page cache
    max_p50_ms: float | None = None  # a budget of its own for the median at one connection


BASELINE = BenchPage("baseline: minimal Django view", "/bench/baseline/")
PAGES = [
    BenchPage("home", "/", cached=True),
    BenchPage("standard page", "{about}", cached=True),
    BenchPage("sign-in", "/accounts/login/"),
    BenchPage("home", "/", member=True),
    BenchPage("standard page", "{about}", member=True),
    BenchPage("account e-mail", "/accounts/email/", member=True),
    BenchPage("library, two filters", "{library}?type=guide&language=fr", cached=True),
    BenchPage(
        "library, two filters",
        "{library}?type=guide&language=fr",
        member=True,
        max_p50_ms=LIBRARY_MAX_P50_MS,
    ),
    BenchPage(
        "library, keyword search",
        "{library}?q=hotline",
        member=True,
        max_p50_ms=LIBRARY_MAX_P50_MS,
    ),
    BenchPage(
        "library, keywords, filter",
        "{library}?q=hotline&type=guide",
        member=True,
        max_p50_ms=LIBRARY_MAX_P50_MS,
    ),
    BenchPage("resource page", "{resource}", member=True),
    BenchPage("MNR page", "{mnr}", member=True),
    BenchPage("news index", "{news}", member=True),
    BenchPage("news page", "{news_item}", member=True),
    BenchPage("member list", "/members/"),
    BenchPage("member list by kind and region", "/members/?kind=organisation&region=150"),
    BenchPage("member page", "/members/{member}/"),
    BenchPage("member list", "/members/", member=True),
    BenchPage(
        "member list by kind and region", "/members/?kind=organisation&region=150", member=True
    ),
    BenchPage("member page", "/members/{member}/", member=True),
    BenchPage("dashboard", "/dashboard/", member=True),
    # Later parts add one line each: event page, directory country page, /report/, search.
]


def log(message):
    print(f"== {message}", flush=True)


def environment():
    return {
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "PYTHONUNBUFFERED": "1",
    }


def create_database():
    import psycopg
    from psycopg import sql

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def prepare():
    """Migrate, seed, collect static files; return the seeded URLs and the volumes."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from tests.benchmarks.volumes import seed

    log("migrate")
    call_command("migrate", verbosity=0, interactive=False)
    log("seed")
    started = time.monotonic()
    site, counts = seed()
    log(f"seeded in {time.monotonic() - started:.0f} s: {counts}")
    # Fresh statistics, as autovacuum gathers them after a bulk load in time: without them the
    # planner takes the new tables for empty ones.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log("collectstatic")
    call_command("collectstatic", verbosity=0, interactive=False)
    return site.urls, counts


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
    than replayed; purging it instead would also empty the caches that live by its generation
    (the navigation) and count their refill."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for page, path in paths:
            client = Client(HTTP_HOST=f"127.0.0.1:{PORT}")
            if page.member:
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            client.get(path)  # per-process caches, as in a running server
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (page, response.status_code)
            counts[page] = len(queries)
    return counts


def fetch(path, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(BASE + path, headers=headers)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, dict(response.headers), response.read().decode()


def check_page(page, path, cookie):
    """The page answers 200, as a member or a visitor, and from the cache when it should."""
    for _ in range(3):
        status, headers, body = fetch(path, cookie if page.member else None)
    assert status == 200, (page, status)
    assert ("Sign out" in body) is page.member, f"{page.name}: wrong sign-in state"
    if page.cached:
        assert headers.get("X-Page-Cache") == "hit", (page, headers.get("X-Page-Cache"))


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
        "connections": connections,
        "requests": result["requests"],
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
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
            if fetch(BASELINE.url)[0] == 200:
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


def evaluate(rows, baseline):
    """Ratios to the baseline at the same concurrency, and each budget's verdict."""
    failures = []
    for row in rows:
        base = baseline[row["connections"]]
        row["rps_ratio"] = row["rps"] / base["rps"]
        row["p50_ratio"] = row["p50_ms"] / base["p50_ms"]
        row["p99_ratio"] = row["p99_ms"] / base["p99_ms"]
        row["budget"] = ""
        if row["cached"]:
            ok = (
                row["rps_ratio"] >= CACHED_MIN_THROUGHPUT_RATIO
                and row["p99_ratio"] <= CACHED_MAX_P99_RATIO
            )
            row["budget"] = "met" if ok else "MISSED"
        elif row["member"] and row["connections"] == 1:
            # At these volumes too, no page for a member needs more than the budget's queries.
            ok = row["p50_ratio"] <= MEMBER_MAX_P50_RATIO and row["queries"] <= QUERY_BUDGET
            if row.get("max_p50_ms"):
                ok = ok and row["p50_ms"] < row["max_p50_ms"]
            row["budget"] = "met" if ok else "MISSED"
        if row["budget"] == "MISSED":
            failures.append(row)
    return failures


def markdown(result):
    m = result["machine"]
    lines = [
        f"Measured {result['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, "
        f"{m['os']}; Python {m['python']}, {m['wrk']}; gunicorn with {result['workers']} "
        f"{result['worker_class']} workers and production settings; PostgreSQL and Redis on "
        "the same machine; "
        f"{result['duration_s']} s per measurement.",
        "",
        "Seeded: " + ", ".join(f"{n:,} {name}" for name, n in result["volumes"].items()) + ".",
        "",
        "| page | who | conn. | req/s | p50 ms | p99 ms | req/s ÷ base | p50 × base "
        "| p99 × base | queries | budget |",
        "| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |",
    ]
    for row in result["rows"]:
        who = "member" if row["member"] else "visitor (cached)" if row["cached"] else "visitor"
        if row["name"] == BASELINE.name:
            who = "visitor"
        queries = "" if row["queries"] is None else str(row["queries"])
        lines.append(
            f"| {row['name']} | {who} | {row['connections']} | {row['rps']:,.0f} "
            f"| {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['rps_ratio']:.2f} "
            f"| {row['p50_ratio']:.1f} | {row['p99_ratio']:.1f} | {queries} | {row['budget']} |"
        )
    lines += [
        "",
        "Budgets: anonymous pages from the page cache keep ≥ ⅓ of the baseline's req/s and a p99 "
        "≤ 3 × its p99; pages for a signed-in member keep p50 at one connection ≤ 90 × the "
        "baseline's, and the library's searches and filters (rows named \"library, …\" for a "
        f"member) keep a median under {LIBRARY_MAX_P50_MS} ms at one connection with "
        f"{result['volumes'].get('resources', 0):,} resources: "
        f"{library_verdict(result['rows'])}; queries are those of one render with warm "
        f"caches (≤ {QUERY_BUDGET} for members at these volumes, part of their budget; the "
        "test suite asserts the same for every page type).",
    ]
    return "\n".join(lines) + "\n"


def library_verdict(rows):
    medians = [row["p50_ms"] for row in rows if row.get("max_p50_ms") and row["connections"] == 1]
    if not medians:
        return "not measured"
    met = max(medians) < LIBRARY_MAX_P50_MS
    base = next(
        row["p50_ms"] for row in rows if row["name"] == BASELINE.name and row["connections"] == 1
    )
    # The issue sets this budget for a machine whose baseline answers in 0.3 ms at one
    # connection; the baseline's median in this run shows how this machine compares.
    return (
        f"{'met' if met else 'MISSED'} (slowest median {max(medians):.1f} ms, "
        f"{max(medians) / base:.0f} × this run's baseline median of {base:.2f} ms; the issue's "
        f"reference machine answers the baseline in {REFERENCE_BASELINE_P50_MS} ms)"
    )


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
    env = environment()
    os.environ.update(env)
    started = time.monotonic()
    create_database()
    urls, volumes = prepare()
    cookie = member_cookie()
    paths = [(page, page.url.format(**urls)) for page in PAGES]
    queries = query_counts(paths, cookie)

    server = serve({**os.environ, **env})
    try:
        for page, path in paths:
            check_page(page, path, cookie)
        baseline, rows = {}, []
        for connections in CONNECTIONS:
            log(f"baseline, {connections} connection(s)")
            baseline[connections] = wrk(BASELINE.url, connections)
        rows += [
            {**asdict(BASELINE), **baseline[c], "path": BASELINE.url, "queries": None}
            for c in CONNECTIONS
        ]
        for page, path in paths:
            for connections in CONNECTIONS:
                log(f"{page.name} ({'member' if page.member else 'visitor'}), {connections}")
                measured = wrk(path, connections, cookie if page.member else None)
                rows.append({**asdict(page), **measured, "path": path, "queries": queries[page]})
    finally:
        stop(server)

    failures = evaluate(rows, baseline)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "workers": WORKERS,
        "worker_class": WORKER_CLASS,
        "duration_s": DURATION,
        "volumes": volumes,
        "rows": rows,
        "budgets_met": not failures,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    table = markdown(result)
    (RESULTS / "latest.md").write_text("# Benchmark: latest results\n\n" + table)
    update_readme(table)
    print(table)
    log(f"done in {time.monotonic() - started:.0f} s; results in {RESULTS}")
    if failures:
        for row in failures:
            log(f"budget missed: {row['name']} ({row['connections']} connections)")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
