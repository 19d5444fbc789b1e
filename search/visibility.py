"""Who sees what in search results, decided by the portal's own rules, never re-implemented:

- a page under a Wagtail view restriction is found only by whom that restriction accepts
  (Wagtail's ``BaseViewRestriction.accept_request``: the restriction's groups, a sign-in, a
  password given in this session), and never at all when it is not accepted;
- the members-only text of a resource (``members_text``) is matched and shown only to readers of
  members-only content (``resources.access.can_view_members_content``).

Backends receive a ``Visibility`` and apply it in their query (a path prefix excluded, a field
left out), so nothing a person may not see is matched, counted, highlighted or suggested.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from portal import content_version
from resources.access import can_view_members_content
from resources.services import outermost


@dataclass(frozen=True)
class Visibility:
    # Page paths at and under which nothing is found (view restrictions not accepted).
    hidden_paths: tuple = ()
    # Whether members-only text is matched and shown.
    members_text: bool = False

    @property
    def is_public(self):
        """What a visitor sees: the cache of suggestions and counts may be shared."""
        return not self.members_text


def view_restrictions(request=None):
    """Every page view restriction with its page and groups, kept in the content cache under the
    content version (which saving or deleting a restriction, or changing its groups, moves)."""

    def read():
        return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))

    return content_version.cached(request, "search-view-restrictions", read)


def for_request(request=None, user=None):
    """The visibility of the person making ``request`` (or of ``user`` outside a request)."""
    restrictions = view_restrictions(request)
    if request is None:
        request = SimpleNamespace(user=user or AnonymousUser(), session={})
    user = request.user
    hidden = [
        restriction.page.path
        for restriction in restrictions
        if not restriction.accept_request(request)  # Wagtail's own check, for each
    ]
    return Visibility(
        hidden_paths=tuple(outermost(hidden)), members_text=can_view_members_content(user)
    )
