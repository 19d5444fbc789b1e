"""An issue as an e-mail: HTML with inlined styles plus a plain-text part, personalised links.

An issue renders once per language and version (``render_issue``, kept in the process); each
recipient's copy then only substitutes their own preference and unsubscribe links
(``personalise``), so that sending 10,000 copies renders the templates once, not 10,000 times.

Through an SMTP connection, a batch goes further (``Copies``): the whole message, headers and
MIME parts, is built once per language as the bytes the server receives, with placeholders for
what differs per copy (the address, the Message-ID, the two links), and each copy is those bytes
with its own values substituted. A message whose encoding would not keep the placeholders
verbatim (a part encoded quoted-printable, say) and an address that is not plain ASCII are built
one by one by Django instead (``build_message``).
"""

import re
from functools import lru_cache

import css_inline
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Page

from portal.identity import absolute_url, alliance_name, site_root_url

PREFERENCES = "https://newsletter.invalid/preferences"
UNSUBSCRIBE = "https://newsletter.invalid/unsubscribe"
RECIPIENT = "recipient@newsletter.invalid"
MESSAGE_ID = "<copy@newsletter.invalid>"
# The longest line SMTP allows (RFC 5321), without its CRLF.
SMTP_LINE_LIMIT = 998
# An address substituted as is into the prepared bytes: plain ASCII, no quoting, no comment.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\Z")
LINK_SALT = "newsletters.link"
NEWS, BULLETIN = "news", "bulletin"


def link_token(email, kind=NEWS):
    """A signed token naming an address and the list it came from; it does not expire (an
    unsubscribe link must work in an old e-mail)."""
    return signing.Signer(salt=LINK_SALT).sign_object({"e": email, "l": kind})


def read_link_token(token):
    """``(email, kind)``, or ``None`` when the token was not signed by the portal."""
    try:
        value = signing.Signer(salt=LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or value.get("l") not in (NEWS, BULLETIN):
        return None
    return value.get("e", ""), value["l"]


def personal_links(email, kind=NEWS, *, root=None):
    """The preferences and unsubscribe addresses of ``email`` (``root``: the site's address,
    when the caller already has it)."""
    return PersonalLinks(kind, root=root or site_root_url())(email)


class PersonalLinks:
    """``personal_links`` for many addresses: the two addresses are reversed once, with a
    placeholder token, and each address's token is put in its place."""

    placeholder = "newsletter-token"

    def __init__(self, kind, *, root):
        self.kind = kind
        self.parts = [
            (root + reverse(name, kwargs={"token": self.placeholder})).rsplit(self.placeholder, 1)
            for name in ("newsletters:preferences", "newsletters:unsubscribe")
        ]

    def __call__(self, email):
        token = link_token(email, self.kind)
        return tuple(before + token + after for before, after in self.parts)


def upcoming_events(count):
    """The next ``count`` public events: live, not behind a view restriction, open to the
    public audience (never a members-only meeting), not yet over."""
    from events.services import upcoming_public_events

    return list(upcoming_public_events()[:count])


def _public_pages(pages):
    from resources.services import public

    pks = [page.pk for page in pages if page is not None]
    found = {
        p.pk: p
        for p in public(Page.objects.live().filter(pk__in=pks)).specific()
        # A members-only resource is marked on the page, not by a view restriction.
        if getattr(p, "access", "public") == "public"
    }
    return [found[pk] for pk in pks if pk in found]


def _blocks(issue):
    """The issue's blocks with what each shows resolved (pages live and public only: an issue
    may end in the public archive)."""
    resolved = []
    for block in issue.body:
        value = block.value
        if block.block_type == "featured_resources":
            value = {"heading": value["heading"], "pages": _public_pages(value["resources"])}
        elif block.block_type == "news_items":
            value = {"heading": value["heading"], "pages": _public_pages(value["items"])}
        elif block.block_type == "upcoming_events":
            value = {"heading": value["heading"], "events": upcoming_events(value["count"])}
        elif block.block_type == "image":
            rendition = value["image"].get_rendition("max-1200x800|format-jpeg")
            value = {**value, "src": absolute_url(rendition.url), "width": rendition.width}
        resolved.append({"type": block.block_type, "value": value})
    return resolved


def context(issue, *, preferences_url, unsubscribe_url):
    return {
        "issue": issue,
        "blocks": _blocks(issue),
        "alliance": alliance_name(),
        "site_url": site_root_url(),
        "web_url": absolute_url(issue.get_absolute_url()) if issue.public else "",
        "preferences_url": preferences_url,
        "unsubscribe_url": unsubscribe_url,
        "is_bulletin": issue.is_bulletin,
    }


def preview_context(issue):
    return context(issue, preferences_url=PREFERENCES, unsubscribe_url=UNSUBSCRIBE)


@lru_cache(maxsize=32)
def _render(issue_pk, version, language):
    from .models import NewsletterIssue

    issue = NewsletterIssue.objects.get(pk=issue_pk)
    with translation.override(language):
        ctx = preview_context(issue)
        html = render_to_string("newsletters/email/issue.html", ctx)
        text = render_to_string("newsletters/email/issue.txt", ctx)
    html = css_inline.inline(html)
    return issue.title, html, text


def render_issue(issue, language):
    """``(subject, html, text)`` with placeholder links, rendered once per issue version."""
    return _render(issue.pk, issue.updated_at.isoformat(), language)


def personalise(rendered, email, kind, *, root=None):
    subject, html, text = rendered
    preferences, unsubscribe = personal_links(email, kind, root=root)
    html = html.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)
    text = text.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)
    return subject, html, text, unsubscribe


def message_id(delivery, *, root=None):
    """Stable per delivery: a copy sent again after an interruption carries the same one."""
    host = (root or site_root_url()).split("://", 1)[-1].split(":")[0] or "localhost"
    return f"<newsletter-{delivery.issue_id}-{delivery.pk}@{host}>"


def build_message(issue, *, email, language, message_id_value=None, connection=None, root=None):
    kind = BULLETIN if issue.is_bulletin else NEWS
    rendered = render_issue(issue, language)
    subject, html, text, unsubscribe = personalise(rendered, email, kind, root=root)
    return _message(subject, html, text, unsubscribe, email, message_id_value, connection)


def _message(subject, html, text, unsubscribe, email, message_id_value, connection=None):
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if message_id_value:
        headers["Message-ID"] = message_id_value
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[email], headers=headers, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def prepare_message(issue, language):
    """The issue's message in ``language`` as the bytes an SMTP server receives, with the
    placeholders ``RECIPIENT``, ``MESSAGE_ID``, ``PREFERENCES`` and ``UNSUBSCRIBE``; ``None``
    when the encoding of a part or a header would not keep each of them verbatim."""
    subject, html, text = render_issue(issue, language)
    message = _message(subject, html, text, UNSUBSCRIBE, RECIPIENT, MESSAGE_ID)
    prepared = message.message().as_bytes(linesep="\r\n")
    expected = {
        RECIPIENT: 1,  # To
        MESSAGE_ID: 1,
        UNSUBSCRIBE: 1 + html.count(UNSUBSCRIBE) + text.count(UNSUBSCRIBE),
        PREFERENCES: html.count(PREFERENCES) + text.count(PREFERENCES),
    }
    if any(prepared.count(value.encode()) != n for value, n in expected.items()):
        return None
    return prepared


class Copies:
    """The copies of one issue that one batch sends through an SMTP connection: the message is
    prepared once per language (``prepare_message``); ``as_bytes`` gives a recipient's copy."""

    def __init__(self, issue, *, root):
        self.issue = issue
        self.root = root
        self.links = PersonalLinks(BULLETIN if issue.is_bulletin else NEWS, root=root)
        self.envelope_from = sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)
        self.prepared = {}

    def as_bytes(self, *, email, language, message_id_value):
        """The copy for ``email``, or ``None`` when it must be built by Django
        (``build_message``): the issue's message could not be prepared, the address is not plain
        ASCII, or a line would grow past SMTP's limit."""
        if language not in self.prepared:
            self.prepared[language] = prepare_message(self.issue, language)
        prepared = self.prepared[language]
        if prepared is None or not PLAIN_ADDRESS.match(email):
            return None
        preferences, unsubscribe = self.links(email)
        copy = (
            prepared.replace(MESSAGE_ID.encode(), message_id_value.encode())
            .replace(PREFERENCES.encode(), preferences.encode())
            .replace(UNSUBSCRIBE.encode(), unsubscribe.encode())
            .replace(RECIPIENT.encode(), email.encode())
        )
        if any(len(line) > SMTP_LINE_LIMIT for line in copy.split(b"\r\n")):
            return None
        return copy


def plain(html):
    return strip_tags(html)
