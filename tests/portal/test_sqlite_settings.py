"""SQLite in development is set up for concurrent use: WAL and a busy timeout, so a write that
overlaps another (Wagtail's autosave and the Submit click) waits instead of failing with
"database is locked" (issue 12)."""

import threading
import time

from django.db.backends.sqlite3.base import DatabaseWrapper

from portal.settings.base import SQLITE_OPTIONS


def sqlite_connection(path):
    """A connection configured as ``portal.settings.base`` configures the SQLite database."""
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(SQLITE_OPTIONS),
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias=f"sqlite-{path.name}",
    )
    wrapper.ensure_connection()
    return wrapper


def test_the_file_database_uses_wal_and_a_busy_timeout(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a connection of its own, on a file of its own
        connection = sqlite_connection(tmp_path / "portal.sqlite3")
        try:
            with connection.cursor() as cursor:
                assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
        finally:
            connection.close()


def test_an_overlapping_write_waits_for_the_other_instead_of_failing(tmp_path, django_db_blocker):
    django_db_blocker.unblock()  # two connections of its own, on a file of its own
    # (restored below: the thread needs the access too, so no ``with`` block)
    path = tmp_path / "portal.sqlite3"
    first = sqlite_connection(path)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE draft (body TEXT)")
    outcome = {}

    def autosave():
        second = sqlite_connection(path)
        try:
            with second.cursor() as cursor:
                cursor.execute("INSERT INTO draft VALUES ('autosave')")
            outcome["ok"] = True
        except Exception as error:  # noqa: BLE001 (reported below)
            outcome["error"] = error
        finally:
            second.close()

    try:
        with first.cursor() as cursor:
            # The Submit click's transaction holds the write lock (as transaction_mode makes
            # every transaction do from its start) ...
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO draft VALUES ('submit')")
            thread = threading.Thread(target=autosave)
            thread.start()
            time.sleep(0.5)  # ... while the autosave waits for it
            assert thread.is_alive() and not outcome
            cursor.execute("COMMIT")
        thread.join(timeout=20)
        assert outcome == {"ok": True}
        with first.cursor() as cursor:
            assert cursor.execute("SELECT count(*) FROM draft").fetchone()[0] == 2
    finally:
        first.close()
        django_db_blocker.restore()
