"""A cache outage is not a site outage: a Redis this test starts itself serves the cache, then
stops; pages still render from the database, sign-in works and ``/healthz`` answers its JSON 503
naming the cache."""

import shutil
import socket
import subprocess
import time

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.cache import redis_cache
from portal.pagecache import HEADER
from tests.html import soup

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    """A redis-server of this test's own on a free loopback port, without persistence; yields
    ``(port, stop)``."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.2)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except RedisConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the test's redis-server did not start")
            time.sleep(0.05)
    client.close()

    def stop():
        server.terminate()
        server.wait(timeout=10)

    yield port, stop
    if server.poll() is None:
        stop()


@pytest.fixture
def cache_on_own_redis(own_redis, settings):
    port, stop = own_redis
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/0")}
    settings.PAGE_CACHE_ENABLED = True
    return stop


def heading(response):
    return soup(response).find("h1").get_text(strip=True)


def test_with_the_cache_stopped_pages_sign_in_and_healthz_carry_on(
    client, site, about, member, cache_on_own_redis
):
    stop_redis = cache_on_own_redis
    assert client.get("/about/")[HEADER] == "miss"
    assert client.get("/about/")[HEADER] == "hit"  # the cache works while Redis runs
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.json()["checks"]["cache"]["ok"] is True

    stop_redis()

    page = client.get("/about/")
    assert page.status_code == 200 and page[HEADER] == "bypass"
    assert heading(page) == "About the alliance"

    health = client.get("/healthz")
    assert health.status_code == 503 and health["Content-Type"] == "application/json"
    body = health.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False and "error" in body["checks"]["cache"]
    assert body["checks"]["database"]["ok"] is True

    signed_in = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    page = client.get("/about/")
    assert page.status_code == 200 and "Sign out" in page.content.decode()
