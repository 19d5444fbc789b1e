"""A signed-in member or applicant who opens /admin/ is told they have no access, with a link
home, instead of bouncing between /admin/ and the sign-in page (issue 12)."""

import pytest

from portal.factories import UserFactory
from tests.html import soup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/login/?next=/admin/"])
def test_a_member_is_told_they_have_no_access_with_a_link_home(client, site, member, path):
    client.force_login(member)
    # The test client raises RedirectCycleError on a loop.
    response = client.get(path, follow=True)
    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text() == "You have no access to the administration"
    assert page.select_one("main a.button")["href"] == "/"
    assert member.email in page.get_text()


def test_an_applicant_without_any_group_is_told_too(client, site):
    client.force_login(UserFactory(email="applicant@example.org"))
    response = client.get("/accounts/login/?next=/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/", 302)]


def test_staff_reach_the_admin_and_visitors_are_asked_to_sign_in(client, site, editor):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
