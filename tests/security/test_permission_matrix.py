"""Every URL the portal serves, against every role: allowed or denied, cell by cell.

The URL list comes from Django's resolver (the language prefixes of ``i18n_patterns`` are
transparent to it: a public page's pattern is one, whatever its language). Each of the portal's
own patterns (views of the portal, members, resources, events and search apps, and the admin
viewsets of their models) has its own entry in ``OWN``; the patterns of Wagtail and allauth are
classified by area (the first segment of their route) in ``AREAS``, each area with
representative URLs. A pattern that is in neither fails ``test_every_url_pattern_is_classified``
with its route and name.

A cell is *allowed* when the response has the case's status (200 unless it says otherwise; a
redirect that is a refusal, to the sign-in page or to the admin's dashboard, never counts) and,
for a case with a ``secret``, when the secret text is in it: pages that answer everyone but show
some people more are judged by what they show.

The public pages (inside the language prefixes) are checked again under ``/ar/``, and those that
show members more under ``/fr/`` and ``/es/`` too (``PREFIXED``): a prefix never changes who gets
what.
"""

from dataclasses import dataclass, replace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from django.utils import translation
from wagtail.models import PageViewRestriction

from portal.roles import MEMBERS, MEMBERSHIP_REVIEWERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS
from tests.pages import ONLINE_LINK, build_content, make_home_page
from tests.security.accounts import make_user, sign_in

pytestmark = pytest.mark.django_db

VISITOR, NON_MEMBER, APPLICANT = "visitor", "signed-in non-member", "applicant"
MEMBER_A, MEMBER_B = "member contact of A", "member contact of B"
EDITOR, MODERATOR, REVIEWER, SUPERUSER = "editor", "moderator", "reviewer", "superuser"
ROLES = [VISITOR, NON_MEMBER, APPLICANT, MEMBER_A, MEMBER_B, EDITOR, MODERATOR, REVIEWER, SUPERUSER]

EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
SIGNED_IN = EVERYONE - {VISITOR}
STAFF = frozenset({EDITOR, MODERATOR, REVIEWER, SUPERUSER})
PAGE_STAFF = frozenset({EDITOR, MODERATOR, SUPERUSER})
MODERATORS = frozenset({MODERATOR, SUPERUSER})
REVIEWERS = frozenset({REVIEWER, SUPERUSER})
SUPERUSERS = frozenset({SUPERUSER})
# Signed-in people who are not staff are told they have no access at every admin address
# (portal.admin_access); visitors are sent to sign in, staff get what Wagtail gives them.
NOT_NON_STAFF = frozenset({VISITOR}) | STAFF
# Readers of members-only content: the Members group, the secretariat's staff, superusers.
MEMBER_CONTENT = frozenset({MEMBER_A, MEMBER_B}) | STAFF
# A page restricted to the Members group (Wagtail's own check: the group, or a superuser).
MEMBERS_GROUP = frozenset({MEMBER_A, MEMBER_B, SUPERUSER})

DRAFT_TITLE = "Unannounced partnership"
PENDING_SUGGESTION = "Unverified suggested hotline"
MEMBERS_RESOURCE_TITLE = "hotline benchmarking"  # the members-only resource of tests/pages.py
# The evidence of member A's draft self-assessment and of member B's submitted, unpublished one.
ASSESSMENT_A_EVIDENCE = "Network draft assessment evidence"
ASSESSMENT_B_EVIDENCE = "Northwind unpublished assessment evidence"
# Readers of an assessment besides its member's contacts: the secretariat.
ASSESSMENT_A_READERS = frozenset({MEMBER_A, REVIEWER, SUPERUSER})
ASSESSMENT_B_READERS = frozenset({MEMBER_B, REVIEWER, SUPERUSER})
RESTRICTED_NEWS = "Confidential summit debrief"
MEMBERS_BODY = "Members benchmarking findings"
OWN_APPS = {"portal", "members", "resources", "directory", "events", "search", "newsletters"}
# The public API's URL namespace (portal/api.py): its views are django-ninja's.
OWN_NAMESPACES = {"api"}


@dataclass(frozen=True)
class Case:
    url: str
    allowed: frozenset
    secret: str = ""
    method: str = "get"
    status: int = 200
    # For a redirect that is the answer: where it must lead.
    location: str = ""


def viewset(
    base,
    pk,
    *,
    index,
    add=NOBODY,
    change=NOBODY,
    delete=NOBODY,
    history=None,
    usage=None,
    inspect=None,
    copy=None,
    list_name="index",
):
    """The standard patterns of a Wagtail model or snippet viewset, each classified."""
    cases = {
        list_name: Case(f"{base}", index),
        f"{list_name}_results": Case(f"{base}results/", index),
        "add": Case(f"{base}{'new' if list_name == 'index' else 'add'}/", add),
        "edit": Case(f"{base}edit/{pk}/", change),
        "delete": Case(f"{base}delete/{pk}/", delete),
        "history": Case(f"{base}history/{pk}/", change if history is None else history),
        "history_results": Case(
            f"{base}history-results/{pk}/", change if history is None else history
        ),
        "usage": Case(f"{base}usage/{pk}/", index if usage is None else usage),
        "copy": Case(f"{base}copy/{pk}/", add if copy is None else copy),
    }
    if inspect is not None:
        cases["inspect"] = Case(f"{base}inspect/{pk}/", inspect)
    return cases


def namespaced(namespace, cases):
    return {f"{namespace}:{name}": case for name, case in cases.items()}


def outbox(cases):
    """The outbox is for superusers and outbox operators only (a role none of the matrix's
    people hold): no other staff role opens it."""
    return {
        name: Case(case.url, SUPERUSERS) if case.allowed else case for name, case in cases.items()
    }


# --- The portal's own patterns, one by one -----------------------------------------------------

OWN = {
    "healthz": Case("/healthz", EVERYONE),
    # Wagtail's own sign-in forms, sent to allauth's.
    "admin/login/": Case("/admin/login/", NOT_NON_STAFF, status=302, location="/accounts/login/"),
    "_util/login/": Case("/_util/login/", EVERYONE, status=302, location="/accounts/login/"),
    # Sitemaps (an index of one per language) and robots.txt: public, live pages only.
    "sitemap": Case("/sitemap.xml", EVERYONE),
    "sitemap_language": Case("/sitemap-fr.xml", EVERYONE),
    "robots_txt": Case("/robots.txt", EVERYONE),
    # wagtail-localize's report of translations, served by portal's ordered subclass at its own
    # address (portal/wagtail_hooks.py): any staff member, as wagtail-localize has it.
    "ordered_translations_report": Case("/admin/localize/reports/translations/", STAFF),
    "ordered_translations_report_results": Case(
        "/admin/localize/reports/translations/results/", STAFF
    ),
    # The switcher's link to English: remembers the choice, then goes on.
    "choose_language": Case("/language/en/?next=/join/", EVERYONE, status=302, location="/join/"),
    # Membership: joining and the member area.
    # A visitor reads that an account comes first; a signed-in person starts the application.
    "members:join": Case("/join/", EVERYONE),
    "members:join_step": Case("/join/{draft_application}/details/", frozenset({APPLICANT})),
    "members:dashboard": Case("/dashboard/", SIGNED_IN),
    # allauth's confirmation, leading on to where the account was going (members.destination).
    "accounts/confirm-email/<str:key>/": Case("/accounts/confirm-email/not-a-key/", EVERYONE),
    # Images are public; nothing else under MEDIA_URL has an address.
    "media_image": Case("/media/images/matrix.png", EVERYONE),
    # Your data: each person's own (the download carries only the signed-in person's rows).
    "privacy:overview": Case("/dashboard/privacy/", SIGNED_IN),
    # The download asks for the password again (allauth's reauthentication) before it answers.
    "privacy:export": Case(
        "/dashboard/privacy/export/",
        SIGNED_IN,
        status=302,
        location="/accounts/reauthenticate/",
    ),
    "privacy:delete": Case("/dashboard/privacy/delete/", SIGNED_IN),
    "members:application": Case(
        "/dashboard/applications/{draft_application}/", frozenset({APPLICANT})
    ),
    "members:application_withdraw": Case(
        "/dashboard/applications/{draft_application}/withdraw/",
        frozenset({APPLICANT}),
        method="post",
        status=302,
    ),
    "members:organisation": Case("/dashboard/organisations/{member_a}/", frozenset({MEMBER_A})),
    "members:contact_action": Case(
        "/dashboard/organisations/{member_a}/contacts/{colleague_contact}/remove/",
        frozenset({MEMBER_A}),
        method="post",
        status=302,
    ),
    # The invitation's token is the credential: whoever holds it and signs in may accept it.
    "members:invitation": Case("/dashboard/invitations/{invitation_token}/", SIGNED_IN),
    # MNR self-assessments: the member's contacts and the secretariat; nobody else learns one
    # exists (404).
    "members:assessments": Case("/dashboard/assessments/", SIGNED_IN),
    "members:assessment": Case(
        "/dashboard/assessments/{assessment_a}/", ASSESSMENT_A_READERS, secret=ASSESSMENT_A_EVIDENCE
    ),
    "members:assessment_report": Case(
        "/dashboard/assessments/{assessment_a}/report/", ASSESSMENT_A_READERS
    ),
    "members:assessment_history": Case(
        "/dashboard/assessments/{assessment_a}/history/", ASSESSMENT_A_READERS
    ),
    # What the member publishes is the member's decision: its contacts only.
    "members:assessment_publication": Case(
        "/dashboard/assessments/{assessment_a}/publication/",
        frozenset({MEMBER_A}),
        method="post",
        status=302,
    ),
    "members:assessment_document": Case(
        "/dashboard/assessments/{assessment_a}/documents/{assessment_a_document}/",
        ASSESSMENT_A_READERS,
    ),
    "members:list": Case("/members/", EVERYONE),
    # Site-wide search: everyone; what it finds depends on who asks (EXTRA has the leaks).
    "search:search": Case("/search/?q=hotline", EVERYONE),
    "search:suggest": Case("/search/suggest/?q=hot", EVERYONE),
    "members:detail": Case("/members/{member_a}/", EVERYONE),
    # The library's documents (Wagtail's view, marked private when restricted).
    "wagtaildocs_serve": Case("{public_document}", EVERYONE),
    # Membership in the admin.
    **namespaced(
        "members_applications",
        {
            **viewset(
                "/admin/members_applications/",
                "{submitted_application}",
                index=REVIEWERS,
                inspect=REVIEWERS,
                history=NOBODY,
                usage=NOBODY,
            ),
            "act": Case(
                "/admin/members_applications/{submitted_application}/act/start_review/",
                REVIEWERS,
                method="post",
                status=302,
            ),
            "letter": Case(
                "/admin/members_applications/{submitted_application}/letter/", REVIEWERS
            ),
        },
    ),
    **namespaced(
        "members_organisations",
        {
            **viewset(
                "/admin/members_organisations/",
                "{member_a_pk}",
                index=REVIEWERS,
                add=REVIEWERS,
                change=REVIEWERS,
                inspect=REVIEWERS,
            ),
            "status": Case(
                "/admin/members_organisations/{member_a_pk}/status/suspended/",
                REVIEWERS,
                method="post",
                status=302,
            ),
        },
    ),
    **namespaced(
        "members_commitments",
        viewset(
            "/admin/members_commitments/",
            "{draft_statement}",
            index=REVIEWERS,
            add=REVIEWERS,
            change=REVIEWERS,
            delete=SUPERUSERS,
        ),
    ),
    **namespaced(
        "mnr_assessments_admin",
        {
            "index": Case("/admin/mnr-assessments/", REVIEWERS),
            "reopen": Case(
                "/admin/mnr-assessments/{assessment_b}/reopen/",
                REVIEWERS,
                method="post",
                status=302,
            ),
        },
    ),
    **namespaced(
        "outgoing_email",
        outbox(
            {
                **viewset(
                    "/admin/outgoing_email/", "{email}", index=STAFF, inspect=STAFF, usage=NOBODY
                ),
                # Offered for failed messages only; the matrix's message is a queued one.
                "resend": Case("/admin/outgoing_email/resend/{email}/", STAFF),
            }
        ),
    ),
    # The country resource directory and /report/: public; suggestions are a public form.
    "directory:index": Case("/directory/?region=150&category=child_helpline", EVERYONE),
    "directory:country": Case("/directory/fr/", EVERYONE),
    "directory:suggest": Case("/directory/fr/suggest/", EVERYONE),
    "directory:report": Case("/report/?country=FR", EVERYONE),
    # A pending suggestion is never shown before an editor approves it.
    # The public read API: the same for everyone, public facts only (portal/api.py).
    "api:api-root": Case("/api/", NOBODY),
    "api:openapi-json": Case("/api/openapi.json", EVERYONE),
    "api:openapi-view": Case("/api/docs", EVERYONE),
    "api:list_entries": Case("/api/directory/entries/?country=FR", EVERYONE),
    "api:list_countries": Case("/api/directory/countries/?region=150", EVERYONE),
    "api:country_detail": Case("/api/directory/countries/FR/", EVERYONE),
    "api:list_resources": Case("/api/resources/", EVERYONE),
    "api:list_events": Case("/api/events/", EVERYONE),
    # The directory in the admin: the secretariat's editors and moderators keep it.
    **namespaced(
        "directory_entries",
        viewset(
            "/admin/directory_entries/",
            "{directory_entry}",
            index=PAGE_STAFF,
            add=PAGE_STAFF,
            change=PAGE_STAFF,
            delete=PAGE_STAFF,
            inspect=PAGE_STAFF,
        ),
    ),
    **namespaced(
        "directory_suggestions",
        {
            **{
                name: case
                for name, case in viewset(
                    "/admin/directory_suggestions/",
                    "{directory_suggestion}",
                    index=PAGE_STAFF,
                    change=PAGE_STAFF,
                    inspect=PAGE_STAFF,
                ).items()
                if name != "copy"  # suggestions come from the public only
            },
            "decide": Case(
                "/admin/directory_suggestions/{directory_suggestion}/reject/",
                PAGE_STAFF,
                method="post",
                status=302,
                location="/admin/directory_suggestions/inspect/",
            ),
        },
    ),
    "directory_import": Case("/admin/directory/import/", PAGE_STAFF),
    "directory_stale": Case("/admin/directory/stale/", PAGE_STAFF),
    "directory_stale_results": Case("/admin/directory/stale/results/", PAGE_STAFF),
    # Events: each person's own registration; the secretariat's registrations, check-in and
    # messages.
    "events:registration": Case("/dashboard/registrations/{registration}/", frozenset({MEMBER_A})),
    "events:registration_cancel": Case(
        "/dashboard/registrations/{registration}/cancel/",
        frozenset({MEMBER_A}),
        method="post",
        status=302,
    ),
    **namespaced(
        "events_registrations",
        {
            # Registrations are never added, copied or deleted in the admin.
            **{
                name: case
                for name, case in viewset(
                    "/admin/events_registrations/",
                    "{registration}",
                    index=PAGE_STAFF,
                    change=PAGE_STAFF,
                    inspect=PAGE_STAFF,
                ).items()
                if name != "copy"
            },
            "act": Case("/admin/events_registrations/{registration}/act/decline/", PAGE_STAFF),
        },
    ),
    "events_check_in": Case("/admin/events/{event_pk}/check-in/?q=Member", PAGE_STAFF),
    "events_check_in_registration": Case(
        "/admin/events/{event_pk}/check-in/{registration}/", PAGE_STAFF, method="post", status=302
    ),
    "events_message": Case("/admin/events/{event_pk}/message/", PAGE_STAFF),
    **namespaced(
        "wagtailsnippets_events_speaker",
        viewset(
            "/admin/snippets/events/speaker/",
            "{speaker}",
            index=PAGE_STAFF,
            add=PAGE_STAFF,
            change=PAGE_STAFF,
            delete=SUPERUSERS,
            list_name="list",
        ),
    ),
    # Newsletters (issue 17). The public pages answer everyone: the signed token in a
    # confirmation, preferences or unsubscribe link is the credential.
    "newsletters:subscribe": Case("/newsletter/", EVERYONE),
    "newsletters:thanks": Case("/newsletter/thanks/", EVERYONE),
    "newsletters:confirm": Case("/newsletter/confirm/{confirmation_token}/", EVERYONE),
    "newsletters:preferences": Case("/newsletter/preferences/{preferences_token}/", EVERYONE),
    "newsletters:unsubscribe": Case("/newsletter/unsubscribe/{preferences_token}/", EVERYONE),
    "newsletters:archive": Case("/newsletter/archive/", EVERYONE),
    "newsletters:issue": Case("/newsletter/archive/{sent_issue}/", EVERYONE),
    # Editors compose; moderators approve and send, and read subscribers, deliveries and
    # suppressions (personal data).
    **namespaced(
        "wagtailsnippets_newsletters_topic",
        viewset(
            "/admin/snippets/newsletters/topic/",
            "{topic}",
            index=PAGE_STAFF,
            add=PAGE_STAFF,
            change=PAGE_STAFF,
            delete=SUPERUSERS,
            list_name="list",
        ),
    ),
    **namespaced(
        "wagtailsnippets_newsletters_newsletterissue",
        {
            **viewset(
                "/admin/snippets/newsletters/newsletterissue/",
                "{draft_issue}",
                index=PAGE_STAFF,
                add=PAGE_STAFF,
                change=PAGE_STAFF,
                delete=SUPERUSERS,
                inspect=PAGE_STAFF,
                list_name="list",
            ),
            "preview_on_add": Case(
                "/admin/snippets/newsletters/newsletterissue/preview/", PAGE_STAFF
            ),
            "preview_on_edit": Case(
                "/admin/snippets/newsletters/newsletterissue/preview/{draft_issue}/", PAGE_STAFF
            ),
        },
    ),
    "newsletter_issue_email": Case("/admin/newsletters/issue/{draft_issue}/email/", PAGE_STAFF),
    "newsletter_issue_test": Case(
        "/admin/newsletters/issue/{draft_issue}/test/", PAGE_STAFF, method="post", status=302
    ),
    "newsletter_issue_action": Case(
        "/admin/newsletters/issue/{draft_issue}/approve/", MODERATORS, method="post", status=302
    ),
    **namespaced(
        "newsletters_subscribers",
        viewset(
            "/admin/newsletters_subscribers/",
            "{subscriber}",
            index=MODERATORS,
            inspect=MODERATORS,
            usage=NOBODY,
        ),
    ),
    **namespaced(
        "newsletters_deliveries",
        viewset("/admin/newsletters_deliveries/", "{delivery}", index=MODERATORS, usage=NOBODY),
    ),
    **namespaced(
        "newsletters_suppressions",
        viewset(
            "/admin/newsletters_suppressions/",
            "{suppression}",
            index=MODERATORS,
            add=MODERATORS,
            history=MODERATORS,
            usage=NOBODY,
        ),
    ),
    **{
        name: case
        for snippet in ("mnrdomain", "mnrcapability", "language")
        for name, case in namespaced(
            f"wagtailsnippets_resources_{snippet}",
            viewset(
                f"/admin/snippets/resources/{snippet}/",
                f"{{{snippet}}}",
                index=PAGE_STAFF,
                add=PAGE_STAFF,
                change=PAGE_STAFF,
                delete=SUPERUSERS,
                list_name="list",
            ),
        ).items()
    },
}

# Cases beyond one per pattern: denials that matter for one object, exports.
EXTRA = [
    Case("/admin/members_applications/inspect/{draft_application}/", NOBODY),
    Case("/admin/members_applications/{draft_application}/letter/", NOBODY),
    Case("/admin/members_applications/?export=csv", REVIEWERS),
    Case("/admin/members_organisations/?export=xlsx", REVIEWERS),
    Case("/dashboard/organisations/{member_b}/", frozenset({MEMBER_B})),
    # Member B's submitted assessment, unpublished: B's contacts and the secretariat only; not on
    # B's member page, the capability pages, the secretariat's export below five members.
    Case(
        "/dashboard/assessments/{assessment_b}/", ASSESSMENT_B_READERS, secret=ASSESSMENT_B_EVIDENCE
    ),
    Case("/dashboard/assessments/{assessment_b}/report/", ASSESSMENT_B_READERS),
    Case("/members/{member_b}/", NOBODY, secret=ASSESSMENT_B_EVIDENCE),
    Case("/members/{member_b}/", NOBODY, secret="MNR self-assessment"),
    Case("{mnr_capability}", NOBODY, secret="Northwind"),
    Case("/admin/mnr-assessments/?export=csv", REVIEWERS),
    Case("/admin/mnr-assessments/?export=xlsx", REVIEWERS),
    Case("{members_document}", MEMBER_CONTENT),
    Case("{restricted_page_document}", MEMBER_CONTENT),
    Case("/admin/events_registrations/?export=csv", PAGE_STAFF),
    Case("/admin/events_registrations/?export=xlsx", PAGE_STAFF),
    Case("/sitemap-en.xml", NOBODY, secret="confidential-summit-debrief"),
    # A suggestion waiting for review is on no public page and in no API response.
    Case("/directory/fr/", NOBODY, secret=PENDING_SUGGESTION),
    Case("/report/?country=FR", NOBODY, secret=PENDING_SUGGESTION),
    Case("/api/directory/entries/?country=FR", NOBODY, secret=PENDING_SUGGESTION),
    # The API never lists a members-only resource, whoever asks.
    Case("/api/resources/?page_size=100", NOBODY, secret=MEMBERS_RESOURCE_TITLE),
    Case("/admin/directory_entries/?export=xlsx", PAGE_STAFF),
    Case("/admin/directory_suggestions/", PAGE_STAFF, secret=PENDING_SUGGESTION),
    # Search finds a restricted page only for whom Wagtail's restriction accepts, and the body
    # of a members-only resource only for readers of members-only content.
    Case("/search/?q=debrief", MEMBERS_GROUP, secret=RESTRICTED_NEWS),
    Case("/search/suggest/?q=Confidential", MEMBERS_GROUP, secret=RESTRICTED_NEWS),
    # (the resource's title is public: the body's word, marked in a snippet, is the secret)
    Case("/search/?q=findings", MEMBER_CONTENT, secret="<mark>findings</mark>"),
    # Only sent public issues are in the archive; a bulletin and a draft are not.
    Case("/newsletter/archive/{sent_bulletin}/", NOBODY),
    Case("/newsletter/archive/{draft_issue_slug}/", NOBODY),
    Case("/newsletter/archive/", NOBODY, secret="Bulletin for members only"),
    # Pausing is a moderator's (a draft cannot be paused: they are told so, on the issue).
    Case("/admin/newsletters/issue/{draft_issue}/pause/", MODERATORS, method="post", status=302),
    Case("/sitemap-ar.xml", NOBODY, secret="confidential-summit-debrief"),
]

# --- Wagtail's and allauth's patterns, by area -------------------------------------------------

PAGE_TREE = [
    Case("/", EVERYONE),
    Case("{about}", EVERYONE),
    Case("/no-such-page/", NOBODY),
    Case("{library}", EVERYONE),
    Case("{library}?type=guide&language=fr", EVERYONE),
    Case("{library}feed/", EVERYONE),
    Case("{resource}", EVERYONE),
    Case("{members_resource}", MEMBER_CONTENT, secret=MEMBERS_BODY),
    Case("{mnr}", EVERYONE),
    Case("{mnr_domain}", EVERYONE),
    Case("{mnr_capability}", EVERYONE),
    Case("{news}", EVERYONE),
    Case("{news}", MEMBERS_GROUP, secret=RESTRICTED_NEWS),
    Case("{news}feed/", NOBODY, secret=RESTRICTED_NEWS),
    Case("{news_item}", EVERYONE),
    Case("{restricted_news}", MEMBERS_GROUP),
    Case("{restricted_page}", MEMBERS_GROUP),
    Case("/unannounced/", NOBODY),  # a draft is not served
    Case("{events}", EVERYONE),
    Case("{events}calendar/", EVERYONE),
    Case("{events}calendar/", NOBODY, secret=ONLINE_LINK),
    Case("{event}", EVERYONE),
    # The online link: only to the person confirmed for the event.
    Case("{event}", frozenset({MEMBER_A}), secret=ONLINE_LINK),
    Case("{event}calendar/", NOBODY, secret=ONLINE_LINK),
    # A visitor reads that an account comes first; a signed-in person gets the form.
    Case("{event_open}register/", EVERYONE),
]

AREAS = {
    "page tree": PAGE_TREE,
    # Wagtail's password forms show nothing of what they guard (and these restrictions are by
    # group, so no password opens them).
    "_util": [
        Case("/_util/authenticate_with_password/{news_restriction}/{restricted_news_pk}/", EVERYONE)
    ],
    "documents": [
        Case("/documents/authenticate_with_password/{collection_restriction}/", EVERYONE)
    ],
    "accounts": [
        Case("/accounts/signup/", frozenset({VISITOR})),
        Case("/accounts/email/", SIGNED_IN),
        Case("/accounts/2fa/", SIGNED_IN),
        Case("/accounts/password/change/", SIGNED_IN),
    ],
    "admin/": [Case("/admin/", STAFF)],
    "admin/pages": [
        Case("/admin/pages/", PAGE_STAFF),
        Case("/admin/pages/{home}/", PAGE_STAFF, secret=DRAFT_TITLE),
        Case("/admin/pages/{draft_page}/edit/", PAGE_STAFF),
        Case(
            "/admin/pages/{home}/add_subpage/", PAGE_STAFF, status=302, location="/admin/pages/add/"
        ),
        Case("/admin/pages/{draft_page}/view_draft/", PAGE_STAFF, secret=DRAFT_TITLE),
        Case("/admin/pages/{draft_page}/history/", PAGE_STAFF),
        Case("/admin/pages/search/?q=Unannounced", PAGE_STAFF, secret=DRAFT_TITLE),
        # Wagtail lets whoever may change a page delete it while nothing under it is live.
        Case("/admin/pages/{draft_page}/delete/", PAGE_STAFF),
        Case("/admin/pages/{restricted_page_pk}/privacy/", MODERATORS),  # publishers only
    ],
    "admin/choose-page": [
        Case("/admin/choose-page/", PAGE_STAFF),
        Case("/admin/choose-page/{home}/", PAGE_STAFF, secret=DRAFT_TITLE),
        Case("/admin/choose-page/search/?q=Unannounced", PAGE_STAFF, secret=DRAFT_TITLE),
    ],
    "admin/choose-external-link": [Case("/admin/choose-external-link/", STAFF)],
    "admin/choose-email-link": [Case("/admin/choose-email-link/", STAFF)],
    "admin/choose-phone-link": [Case("/admin/choose-phone-link/", STAFF)],
    "admin/choose-anchor-link": [Case("/admin/choose-anchor-link/", STAFF)],
    "admin/api": [
        Case("/admin/api/main/pages/?child_of={home}", PAGE_STAFF, secret=DRAFT_TITLE),
        Case("/admin/api/main/documents/", STAFF),
        Case("/admin/api/main/images/", STAFF),
    ],
    "admin/documents": [
        Case("/admin/documents/", PAGE_STAFF),
        Case("/admin/documents/edit/{members_document_pk}/", PAGE_STAFF),
        Case("/admin/documents/multiple/add/", PAGE_STAFF),
    ],
    "admin/images": [Case("/admin/images/", PAGE_STAFF)],
    "admin/snippets": [
        # Choosers need only admin access; the MNR and the languages are public on the site.
        Case("/admin/snippets/choose/resources/mnrdomain/", STAFF),
        Case("/admin/snippets/choose/resources/language/", STAFF),
    ],
    "admin/settings": [
        Case("/admin/settings/portal/alliancesettings/{site}/", MODERATORS),
        Case("/admin/settings/portal/navigationsettings/{site}/", MODERATORS),
    ],
    "admin/users": [Case("/admin/users/", SUPERUSERS)],
    "admin/groups": [Case("/admin/groups/", SUPERUSERS)],
    "admin/workflows": [Case("/admin/workflows/list/", SUPERUSERS)],
    "admin/reports": [
        Case("/admin/reports/site-history/", STAFF),  # each sees the history of their area
        Case("/admin/reports/locked/", MODERATORS),  # those who may unlock
        Case("/admin/reports/aging-pages/", PAGE_STAFF),
    ],
    # wagtail-localize: translating a page or snippet takes its submit_translation permission
    # (editors and moderators, portal.roles); its report of translations is open to the admin.
    "admin/localize": [
        Case("/admin/localize/submit/page/{home}/", PAGE_STAFF),
        Case("/admin/localize/submit/snippet/resources/mnrcapability/{mnrcapability}/", PAGE_STAFF),
        Case("/admin/localize/reports/translations/", STAFF),
        # Unlike Wagtail's own /admin/jsi18n/, wagtail-localize's catalogue sits behind the
        # admin's sign-in: visitors are sent to sign in.
        Case("/admin/localize/jsi18n/", STAFF),
    ],
    # The content locales (wagtail_localize.locales): superusers only, as sites are.
    "admin/locales": [Case("/admin/locales/", SUPERUSERS)],
    "admin/collections": [Case("/admin/collections/", SUPERUSERS)],
    "admin/sites": [Case("/admin/sites/", SUPERUSERS)],
    "admin/redirects": [Case("/admin/redirects/", SUPERUSERS)],
    "admin/forms": [Case("/admin/forms/", PAGE_STAFF)],
    "admin/account": [Case("/admin/account/", STAFF)],
    # The confirmation page; the action itself skips items the person may not delete.
    "admin/bulk": [Case("/admin/bulk/wagtaildocs/document/delete/?id={public_document_pk}", STAFF)],
    "admin/tag-autocomplete": [Case("/admin/tag-autocomplete/?term=a", STAFF)],
    "admin/embeds": [Case("/admin/embeds/chooser/", STAFF)],
    # The admin's translations and icons: static, public.
    "admin/jsi18n": [Case("/admin/jsi18n/", NOT_NON_STAFF)],
    "admin/sprite": [Case("/admin/sprite/", NOT_NON_STAFF)],
    "admin/dismissibles": [Case("/admin/dismissibles/", STAFF)],  # what each has dismissed
    "admin/block-preview": [Case("/admin/block-preview/", NOBODY)],
    "admin/editing-sessions": [Case("/admin/editing-sessions/release/1/", NOBODY)],
    "admin/failwhale": [Case("/admin/failwhale/", STAFF, status=500)],  # Wagtail's error test
    "admin/test404": [Case("/admin/test404/", STAFF)],
    "admin/logout": [Case("/admin/logout/", NOBODY)],
    "admin/password_reset": [Case("/admin/password_reset/", NOBODY)],
    "admin/login": [Case("/admin/login/", NOT_NON_STAFF, status=302, location="/accounts/login/")],
    "admin/^.*": [Case("/admin/no-such-area/", NOBODY)],
    # The mail provider's webhooks (django-anymail): basic auth and the provider's signature.
    "anymail": [Case("/anymail/mailgun/tracking/", NOBODY, method="post")],
}


# --- The resolver ------------------------------------------------------------------------------


def url_patterns(resolver=None, prefix="", namespaces=()):
    """(route, name with namespaces, callback) of every pattern Django can resolve."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            route = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from url_patterns(pattern, prefix + route, inner)
        else:
            name = ":".join((*namespaces, pattern.name)) if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern.callback


def own_namespaces():
    """The URL namespaces of the admin viewsets the portal's apps define."""
    from wagtail.admin.viewsets import viewsets

    return {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if type(viewset).__module__.split(".")[0] in OWN_APPS
    }


def is_own(name, callback, namespaces):
    namespace = name.split(":")[0]
    return (
        callback.__module__.split(".")[0] in OWN_APPS
        or namespace in namespaces
        or namespace in OWN_NAMESPACES
    )


def area(route, name):
    if name == "wagtail_serve":
        return "page tree"
    if route.startswith("admin/"):
        rest = route.removeprefix("admin/")
        return f"admin/{rest.split('/')[0]}" if rest else "admin/"
    return route.split("/")[0]


def test_every_url_pattern_is_classified():
    patterns = list(url_patterns())  # loads the admin's URLs, which registers its viewsets
    namespaces = own_namespaces()
    unclassified, seen = [], set()
    for route, name, callback in patterns:
        if is_own(name, callback, namespaces):
            key = name or route
            seen.add(key)
            if key not in OWN:
                unclassified.append(f"{route} ({key}): add it to OWN")
        elif area(route, name) not in AREAS:
            unclassified.append(f"{route} ({name}): area {area(route, name)!r} is not in AREAS")
    assert unclassified == [], "\n".join(unclassified)
    assert set(OWN) - seen == set(), "classified patterns that no longer exist"


# --- The cells ---------------------------------------------------------------------------------


# --- The same under the language prefixes ------------------------------------------------------

# The public pages' cases (inside ``i18n_patterns``): the portal's own and Wagtail's and allauth's.
PUBLIC_OWN = ("members:", "privacy:", "accounts/confirm-email/", "_util/login/", "search:")
PUBLIC_OWN = ("members:", "privacy:", "accounts/confirm-email/", "_util/login/", "newsletters:")
PUBLIC_AREAS = ("page tree", "_util", "accounts")


def in_language(code, case):
    """``case`` under ``code``'s prefix, with its expected redirect there too."""
    return replace(
        case,
        url=f"/{code}{case.url}",
        location=f"/{code}{case.location}" if case.location else "",
    )


def public_cases():
    cases = [(key, case) for key, case in OWN.items() if key.startswith(PUBLIC_OWN)]
    return cases + [(area, case) for area in PUBLIC_AREAS for case in AREAS[area]]


PREFIXED = [(f"{key} in ar", in_language("ar", case)) for key, case in public_cases()] + [
    (f"{key} in {code}", in_language(code, case))
    for key, case in public_cases()
    if case.secret or case.allowed in (MEMBER_CONTENT, MEMBERS_GROUP)
    for code in ("fr", "es")
]


def all_cases():
    cases = list(OWN.items())
    cases += [("extra", case) for case in EXTRA]
    cases += [(name, case) for name, area_cases in AREAS.items() for case in area_cases]
    return cases + PREFIXED


def cells():
    for key, case in all_cases():
        for role in ROLES:
            label = f"{case.method.upper()} {case.url}{' ' + case.secret if case.secret else ''}"
            yield pytest.param(case, role, id=f"{label} [{key}] as {role}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The content and one signed-in session per role, made once for the module and rolled
    back after it; each test's own changes are rolled back after the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        names = build_world()
        yield names
        transaction.set_rollback(True)


def build_world():
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from members import services as member_services
    from members.factories import (
        ApplicationFactory,
        CommitmentStatementFactory,
        MemberContactFactory,
    )
    from members.models import Application, MemberContact, MemberOrganisation
    from newsletters import rendering
    from newsletters import services as newsletter_services
    from newsletters.factories import (
        DeliveryFactory,
        NewsletterIssueFactory,
        SubscriberFactory,
        SuppressionFactory,
        default_topics,
    )
    from portal.factories import StandardPageFactory, paragraph
    from portal.models import OutgoingEmail
    from resources.factories import NewsPageFactory, make_pdf_document
    from resources.models import Language, MNRCapability, MNRDomain, NewsIndexPage, ResourcePage
    from resources.services import private_collection
    from tests.pages import MEMBER_EMAIL

    home = make_home_page()
    names = build_content(home)
    members_group = Group.objects.get(name=MEMBERS)

    # Roles. Member A is the content's member account, primary contact of "Child Safety Network".
    member_a = get_user_model().objects.get(email=MEMBER_EMAIL)
    org_a = MemberOrganisation.objects.get(name="Child Safety Network")
    org_b = MemberOrganisation.objects.get(name="Northwind Messaging")
    users = {
        NON_MEMBER: make_user("someone@example.org"),
        APPLICANT: make_user("applicant@example.org"),
        MEMBER_A: member_a,
        MEMBER_B: make_user("member-b@example.org", [MEMBERS]),
        EDITOR: make_user("editor@example.org", [SECRETARIAT_EDITORS], mfa=True),
        MODERATOR: make_user(
            "moderator@example.org", [SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS], mfa=True
        ),
        REVIEWER: make_user("reviewer@example.org", [MEMBERSHIP_REVIEWERS], mfa=True),
        SUPERUSER: make_user("admin@example.org", superuser=True, mfa=True),
    }
    MemberContactFactory(organisation=org_b, user=users[MEMBER_B], role=MemberContact.Role.PRIMARY)
    colleague = MemberContactFactory(organisation=org_a, user=make_user("colleague@example.org"))
    invitation = member_services.invite_contact(
        org_a, email="newcomer@example.org", invited_by=member_a, check=False
    )

    # Applications: the applicant's draft (with its letter) and a submitted one.
    draft = ApplicationFactory(country=True, applicant=users[APPLICANT])
    submitted = ApplicationFactory(country=True, status=Application.Status.SUBMITTED)
    statement = CommitmentStatementFactory(title="Next statement", published=False)

    # Pages: a draft, news and a page restricted to members, with documents.
    StandardPageFactory(parent=home, title=DRAFT_TITLE, slug="unannounced", live=False)
    draft_page = home.get_children().get(slug="unannounced")
    news_index = NewsIndexPage.objects.get()
    restricted_news = NewsPageFactory(
        parent=news_index, title=RESTRICTED_NEWS, slug="confidential-summit-debrief"
    )
    news_restriction = PageViewRestriction.objects.create(
        page=restricted_news, restriction_type=PageViewRestriction.GROUPS
    )
    news_restriction.groups.set([members_group])
    board_document = make_pdf_document("Board minutes")
    restricted_page = StandardPageFactory(
        parent=home,
        slug="board",
        body=[("document", {"document": board_document, "description": ""})],
    )
    PageViewRestriction.objects.create(
        page=restricted_page, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([members_group])
    public_document = make_pdf_document("Leaflet")
    members_resource = ResourcePage.objects.get(access=ResourcePage.Access.MEMBERS)
    members_resource.body = [paragraph(f"<p>{MEMBERS_BODY}.</p>")]
    members_resource.save_revision().publish()
    members_document = members_resource.documents.first().document
    board_document.refresh_from_db()
    assert board_document.collection == private_collection()

    from directory.factories import EntrySuggestionFactory
    from directory.models import DirectoryEntry

    entry = DirectoryEntry.objects.get(country="FR", name="Point de Contact")  # tests/pages.py
    suggestion = EntrySuggestionFactory(country="FR", name=PENDING_SUGGESTION)

    # Newsletters: a topic, a subscriber, a pending one, issues draft and sent, a suppression.
    topics = default_topics()
    subscriber = SubscriberFactory(email="reader@example.org", topics=topics[:1])
    pending = newsletter_services.subscribe("pending-reader@example.org", topics[:1])
    draft_issue = NewsletterIssueFactory(title="Draft newsletter", topics=topics[:1])
    sent_issue = NewsletterIssueFactory(status="sent", sent_at=timezone.now())
    sent_bulletin = NewsletterIssueFactory(
        title="Bulletin for members only",
        audience="bulletin",
        public=False,
        status="sent",
        sent_at=timezone.now(),
    )
    delivery = DeliveryFactory(issue=sent_issue, email=subscriber.email, status="sent")

    # MNR self-assessments: member A's draft (with an evidence document), member B's submitted
    # and unpublished one, which names B "contactable" (its capability pages must not).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.factories import build_assessment
    from portal.pdf import simple_pdf

    for org in (org_a, org_b):
        org.assessment_enabled = True
        org.save()
    assessment_a = build_assessment(
        org_a, 2026, {1: 2}, submitted=False, evidence=ASSESSMENT_A_EVIDENCE
    )
    assessment_a_document = member_services.add_document(
        assessment_a,
        MNRCapability.objects.get(number=1).pk,
        SimpleUploadedFile("evidence.pdf", simple_pdf("Evidence", ["Private"])),
        actor=member_a,
    )
    assessment_b = build_assessment(
        org_b,
        2025,
        dict.fromkeys(range(1, 22), 4),
        contactable=True,
        evidence=ASSESSMENT_B_EVIDENCE,
    )

    names.update(
        directory_entry=entry.pk,
        directory_suggestion=suggestion.pk,
        topic=topics[0].pk,
        subscriber=subscriber.pk,
        confirmation_token=pending.confirmation_token,
        preferences_token=rendering.link_token(subscriber.email),
        draft_issue=draft_issue.pk,
        draft_issue_slug=draft_issue.slug,
        sent_issue=sent_issue.slug,
        sent_bulletin=sent_bulletin.slug,
        delivery=delivery.pk,
        suppression=SuppressionFactory().pk,
        assessment_a=assessment_a.pk,
        assessment_a_document=assessment_a_document.pk,
        assessment_b=assessment_b.pk,
        home=home.pk,
        site=home.get_site().pk,
        draft_page=draft_page.pk,
        restricted_news=restricted_news.url,
        restricted_news_pk=restricted_news.pk,
        news_restriction=news_restriction.pk,
        restricted_page=restricted_page.url,
        restricted_page_pk=restricted_page.pk,
        collection_restriction=private_collection().get_view_restrictions().first().pk,
        public_document=public_document.url,
        public_document_pk=public_document.pk,
        members_document=members_document.url,
        members_document_pk=members_document.pk,
        restricted_page_document=board_document.url,
        draft_application=draft.pk,
        submitted_application=submitted.pk,
        draft_statement=statement.pk,
        member_a=org_a.slug,
        member_a_pk=org_a.pk,
        member_b=org_b.slug,
        colleague_contact=colleague.pk,
        invitation_token=member_services.invitation_token(invitation),
        email=OutgoingEmail.objects.first().pk,
        mnrdomain=MNRDomain.objects.first().pk,
        mnrcapability=MNRCapability.objects.first().pk,
        language=Language.objects.first().pk,
    )
    from search.indexing import rebuild_database

    rebuild_database()  # what the tasks on commit would have indexed
    images = Path(settings.MEDIA_ROOT) / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "matrix.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    sessions = {}
    for role, user in users.items():
        client = sign_in(Client(), user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    names["sessions"] = sessions
    return names


REFUSAL_REDIRECTS = ("/accounts/login/", "/admin/login/")


def without_language(location):
    code = translation.get_language_from_path(location)
    return location.removeprefix(f"/{code}") if code else location


def is_allowed(case, response):
    if response.status_code == 500 and case.status != 500:
        raise AssertionError(f"server error on {case.url}")
    if response.status_code != case.status:
        return False
    if case.location:
        return response["Location"].startswith(case.location)
    if response.status_code == 302:
        location = without_language(response["Location"])
        if location.startswith(REFUSAL_REDIRECTS) or location == "/admin/":
            return False
    if case.secret:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return case.secret.encode() in body
    return True


@pytest.mark.parametrize(("case", "role"), list(cells()))
def test_cell(client, world, case, role):
    client.raise_request_exception = False  # a server error is a 500, judged in is_allowed
    if role != VISITOR:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    url = case.url.format(**world)
    response = getattr(client, case.method)(url)
    if response.streaming and not case.secret:
        b"".join(response.streaming_content)
    allowed = is_allowed(case, response)
    expected = role in case.allowed
    assert allowed is expected, (
        f"{role} {'should' if expected else 'should not'} get {case.method.upper()} {url}"
        f"{' showing ' + repr(case.secret) if case.secret else ''}: "
        f"{response.status_code} {response.get('Location', '')}"
    )
