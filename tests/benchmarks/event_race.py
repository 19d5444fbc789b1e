"""The 40-way registration race over HTTP (issue 15): 40 signed-in people submit the
registration form of one event with 10 places at the same moment, against the running server.

Reported: the time until all 40 have an answer, and the confirmed count, which must equal the
capacity (budget: under 2 s, exactly the capacity). ``prepare_race()`` runs in the process that
seeds the database (it makes the event, the people and their sessions); ``run_race(base)``
runs against the server and needs nothing but the standard library.
"""

import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request

RACERS = 40
CAPACITY = 10
SLUG = "bench-race"


def prepare_race():
    """The event (capacity 10, waiting list on) and 40 verified people with a session each;
    returns ``(event path, [session cookie, ...])``. A second run starts the race afresh."""
    from django.conf import settings
    from django.test import Client

    from events.factories import EventIndexPageFactory, EventPageFactory
    from events.models import EventIndexPage, EventPage, Registration
    from portal.factories import UserFactory

    index = EventIndexPage.objects.first()
    if index is None:
        from wagtail.models import Site

        index = EventIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    event = EventPage.objects.child_of(index).filter(slug=SLUG).first() or EventPageFactory(
        parent=index, slug=SLUG, title="The race", capacity=CAPACITY, waitlist_enabled=True
    )
    Registration.objects.filter(event=event).delete()
    cookies = []
    for n in range(RACERS):
        client = Client()
        client.force_login(UserFactory(email=f"racer-{n}@example.org"))
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return event.url, cookies


def _opener(base, session):
    jar = http.cookiejar.CookieJar()
    host = urllib.parse.urlsplit(base).hostname
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            "sessionid",
            session,
            None,
            False,
            host,
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def run_race(base, path, sessions):
    """Each racer loads the form (its CSRF token), then all submit at once. Returns
    ``{"seconds", "answers", "confirmed", "capacity"}``: the confirmed count is read from the
    pages the answers lead to, so no database access is needed here."""
    url = base + path + "register/"
    prepared = []
    for session in sessions:
        opener, jar = _opener(base, session)
        html = opener.open(url, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        # Production settings mark the CSRF cookie Secure, which a cookie jar keeps but never
        # sends over the loopback's plain HTTP (the form then answers 403): send every cookie
        # the form set, as a browser does over HTTPS.
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        prepared.append((urllib.request.build_opener(), cookies, token))
    barrier = threading.Barrier(len(prepared) + 1)
    statuses = [None] * len(prepared)
    outcomes = [None] * len(prepared)

    def submit(index, opener, cookies, token):
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "name": f"Racer {index}", "consent": "on"}
        ).encode()
        headers = {"Referer": url, "Cookie": cookies}
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (loopback)
        barrier.wait()
        with opener.open(request, timeout=30) as response:
            statuses[index] = response.status
            # The answer leads to the registration's page, which says its status.
            found = re.search(r'id="registration-status">([^<]+)<', response.read().decode())
            outcomes[index] = found.group(1) if found else ""

    threads = [
        threading.Thread(target=submit, args=(i, *racer)) for i, racer in enumerate(prepared)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    return {
        "seconds": time.monotonic() - started,
        "answers": sum(1 for status in statuses if status),
        "confirmed": outcomes.count("Confirmed"),
        "capacity": CAPACITY,
    }
