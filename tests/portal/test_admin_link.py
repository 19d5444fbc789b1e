"""The account links offer the admin to those who may use it, without loading every
permission on every page, and follow a change of groups at once."""

import pytest
from django.contrib.auth.models import Group

from portal.roles import SECRETARIAT_EDITORS

pytestmark = pytest.mark.django_db


def admin_links(client):
    html = client.get("/about/").content.decode()
    return html.count('href="/admin/"')


def test_the_admin_link_follows_the_groups(client, site, about, member):
    editors = Group.objects.get(name=SECRETARIAT_EDITORS)
    client.force_login(member)
    assert admin_links(client) == 0
    assert admin_links(client) == 0  # remembered: the second page asks nothing

    member.groups.add(editors)
    assert admin_links(client) == 1
    editors.user_set.remove(member)
    assert admin_links(client) == 0
    editors.user_set.add(member)
    assert admin_links(client) == 1
    editors.user_set.clear()
    assert admin_links(client) == 0


def test_the_answer_is_remembered_not_asked_on_every_page(
    client, site, about, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get("/about/")
    with django_assert_max_num_queries(50) as first:
        client.get("/about/")
    permission_queries = [q for q in first.captured_queries if "auth_permission" in q["sql"]]
    assert permission_queries == []
