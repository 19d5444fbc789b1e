"""Random and hostile values, posted to every public form and query-string filter, never make a
server error.

Values include NUL and other control characters (which PostgreSQL refuses in any text: that is
why this module is marked ``postgres``; CI runs it there), lone surrogates sent as raw bytes
(invalid UTF-8), very long strings, SQL, HTML and template metacharacters, and repeated or
array-style parameters. A request whose address holds a control character gets the 400 page
(portal/request_limits.py); form fields refuse them with a form error. Examples are
derandomised (the same ones every run, as a flaky test is a bug) and bounded in number.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.factories import CommitmentStatementFactory, MemberOrganisationFactory
from members.models import Application
from portal.factories import UserFactory
from portal.request_limits import CONTROL_CHARACTERS
from resources.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HOSTILE = [
    "\x00",
    "a\x00b",
    "\x00" * 40,
    "\x01\x02\x1b\x1f\x7f",
    "\ud800",
    "x\udfffy",
    "x" * 5000,
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "%",
    "_%_",
    "\\",
    "%00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}",
    "{% debug %}",
    "../../etc/passwd",
    "\u202eevil\u0645",
    "😀" * 30,
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "[]",
    "{}",
    " ",
    "\t\n\r",
    "\ufeff",
    "\uffff",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=100),
    # Every code point, surrogates and controls included.
    st.text(st.characters(exclude_categories=()), max_size=30),
)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encode(text):
    """Percent-encoded as a browser would, lone surrogates sent as their (invalid) UTF-8 bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query_string(pairs):
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in pairs)


def fields(names):
    """Lists of (name, value): the form's own fields, repeated or not, array-style names and
    strangers."""
    name = st.one_of(
        st.sampled_from(names),
        st.sampled_from([f"{n}[]" for n in names]),
        st.sampled_from(HOSTILE[:6]),
        st.text(max_size=10),
    )
    return st.lists(st.tuples(name, VALUES), max_size=len(names) + 3)


def has_control_character(pairs):
    return any(CONTROL_CHARACTERS.search(name + value) for name, value in pairs)


def assert_no_server_error(response):
    # The test client raises any exception a view lets through; a view may also answer 500.
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def public_site(site, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MEMBERS_FORM_RATE_LIMIT = 10_000
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title="Guide for hotlines")
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title="Summit news")
    MemberOrganisationFactory(name="Safe Kids Online")
    return site


LIBRARY = ["q", "sort", "page", "type", "capability", "domain", "region", "country"]
LIBRARY += ["language", "year", "access"]
GET_FILTERS = [
    ("/resources/", LIBRARY),
    ("/resources/feed/", LIBRARY),
    ("/news/", ["tag", "page"]),
    ("/news/feed/", ["tag", "page"]),
    ("/members/", ["kind", "region", "page"]),
    ("/search/", ["q", "page", "kind", "category", "country", "region", "capability", "language"]),
    ("/search/suggest/", ["q"]),
]


@pytest.mark.parametrize(("path", "names"), GET_FILTERS, ids=[p for p, _n in GET_FILTERS])
def test_query_string_filters_never_fail(client, public_site, path, names):
    @EXAMPLES
    @given(pairs=fields(names))
    def check(pairs):
        response = client.get(f"{path}?{query_string(pairs)}")
        assert_no_server_error(response)
        if has_control_character(pairs):
            assert response.status_code == 400
        else:
            assert response.status_code == 200

    check()


def post(client, path, pairs):
    return client.post(
        path, data=query_string(pairs), content_type="application/x-www-form-urlencoded"
    )


PUBLIC_FORMS = [
    ("/accounts/login/", ["login", "password", "remember"]),
    ("/accounts/signup/", ["email", "password1", "password2"]),
    ("/accounts/password/reset/", ["email"]),
]


@pytest.mark.parametrize(("path", "names"), PUBLIC_FORMS, ids=[p for p, _n in PUBLIC_FORMS])
def test_account_forms_never_fail(client, public_site, path, names):
    @EXAMPLES
    @given(pairs=fields(names))
    def check(pairs):
        assert_no_server_error(post(client, path, pairs))

    check()


@pytest.fixture
def applicant(client, public_site):
    CommitmentStatementFactory()
    person = UserFactory(email="applicant@example.org")
    client.force_login(person)
    return person


DETAILS = ["state", "name", "description", "contribution", "sector", "headquarters", "size"]
DETAILS += ["services", "website", "organisation_type", "countries_of_work"]
DETAILS += ["registration_number", "homepage"]
CONTACTS = ["contact_name", "contact_role", "contact_email", "contact_phone"]
CONTACTS += ["further-TOTAL_FORMS", "further-INITIAL_FORMS", "further-0-name"]
CONTACTS += ["further-0-email", "further-0-id", "further-0-DELETE"]
JOIN_STEPS = [
    ("details", DETAILS),
    ("contacts", CONTACTS),
    ("commitment", ["endorse", "homepage"]),
    ("summary", ["message", "homepage"]),
]


def test_join_start_never_fails(client, applicant):
    @EXAMPLES
    @given(pairs=fields(["kind", "homepage"]))
    def check(pairs):
        assert_no_server_error(post(client, "/join/", pairs))

    check()


@pytest.mark.parametrize("kind", Application.Kind.values)
@pytest.mark.parametrize(("step", "names"), JOIN_STEPS, ids=[s for s, _n in JOIN_STEPS])
def test_join_steps_never_fail(client, applicant, kind, step, names):
    application = Application.objects.create(applicant=applicant, kind=kind)

    @EXAMPLES
    @given(pairs=fields(names))
    def check(pairs):
        response = post(client, f"/join/{application.pk}/{step}/", pairs)
        assert_no_server_error(response)

    check()
