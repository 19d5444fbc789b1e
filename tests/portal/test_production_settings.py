"""Production settings refuse to start without their secrets, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "k7#Qz9!vLm2@Xp4$Rt6^Wn8&Yb1*Hc3(Jd5)Fg0-Se+Ua=Ti~Ok|Pl;Mq,Nr.Vs",
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "sqlite:////tmp/portal-production-check.sqlite3",
    "CACHE_URL": "rediscache://127.0.0.1:6379/3",
}


def run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {*GOOD, "CELERY_BROKER_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "CACHE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = run(["check"], **env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment" in result.stderr


def test_check_deploy_is_clean():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **GOOD)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_cache_urls_key_prefix_reaches_django():
    script = (
        "from django.conf import settings; from django.core.cache import cache; "
        "print(settings.CACHES['default'].get('KEY_PREFIX'), cache.make_key('page'))"
    )
    result = run(
        ["shell", "--no-imports", "-c", script],
        **{**GOOD, "CACHE_URL": "rediscache://127.0.0.1:6379/3?key_prefix=alliance-a"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["alliance-a", "alliance-a:1:page"]


@pytest.mark.parametrize("url", ["rediscache://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"])
def test_a_redis_cache_url_selects_the_cache_that_fails_soft(url):
    script = (
        "from django.conf import settings; from django.core.cache import caches; "
        "options = settings.CACHES['default']['OPTIONS']; "
        "print(type(caches['default']).__name__, options['IGNORE_EXCEPTIONS'], "
        "options['SOCKET_TIMEOUT'])"
    )
    result = run(["shell", "--no-imports", "-c", script], **{**GOOD, "CACHE_URL": url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["FailSoftRedisCache", "True", "0.5"]
