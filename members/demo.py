"""Demo members and applications for ``seed_demo``. Safe to run any number of times.

Names carry "(demo)" so that nobody takes them for real members of a real alliance.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from portal.factories import UserFactory
from portal.roles import MEMBERSHIP_REVIEWERS

from . import services
from .factories import (
    STATEMENT_TEXT,
    ApplicationContactFactory,
    ApplicationEventFactory,
    ApplicationFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
    build_assessment,
)
from .models import (
    Application,
    Assessment,
    CommitmentStatement,
    MemberContact,
    MemberOrganisation,
)

K = MemberOrganisation.Kind
MEMBERS = [
    # (name, kind, country, website, description, years ago)
    ("Ghana (demo)", K.COUNTRY, "GH", "", "Joined through the Ministry of Communications.", 6),
    ("Philippines (demo)", K.COUNTRY, "PH", "", "Joined through the Department of Justice.", 5),
    ("Albania (demo)", K.COUNTRY, "AL", "", "Joined through the State Police.", 4),
    ("Brazil (demo)", K.COUNTRY, "BR", "", "Joined through the Ministry of Human Rights.", 3),
    ("Australia (demo)", K.COUNTRY, "AU", "", "Joined through the eSafety Commissioner.", 2),
    (
        "Northwind Messaging (demo)", K.COMPANY, "US", "https://northwind.demo.example.org",
        "A messaging service for families, with safety by design.", 4,
    ),
    (
        "Kestrel Cloud Hosting (demo)", K.COMPANY, "IE", "https://kestrel.demo.example.org",
        "Cloud hosting that removes known abuse material at upload.", 2,
    ),
    (
        "Lumen Safety Tech (demo)", K.COMPANY, "SG", "https://lumen.demo.example.org",
        "Classifiers and hashing tools for trust and safety teams.", 1,
    ),
    (
        "Safe Childhood Network (demo)", K.ORGANISATION, "KE", "https://scn.demo.example.org",
        "A civil-society network of child helplines in East Africa.", 5,
    ),
    (
        "Institute for Online Child Protection Research (demo)", K.ORGANISATION, "NL",
        "https://iocpr.demo.example.org",
        "Academic research on prevention and victim support.", 3,
    ),
    (
        "Horizon Children's Foundation (demo)", K.ORGANISATION, "CA",
        "https://horizon.demo.example.org",
        "A foundation funding survivor-led projects.", 1,
    ),
]  # fmt: skip

DEMO_REVIEWER = ("reviewer@demo.example.org", "demo-reviewer-pass-2026", "Rui", "Reviewer")
DEMO_APPLICANT = ("applicant@demo.example.org", "demo-applicant-pass-2026", "Ana", "Applicant")
# For seed_demo's closing banner: (e-mail, password, role).
DEMO_COUNTRY_CONTACT = (
    "country@demo.example.org", "demo-country-pass-2026", "Kofi", "Country",
)  # fmt: skip
ACCOUNTS = [
    (DEMO_REVIEWER[0], DEMO_REVIEWER[1], "Membership reviewers"),
    (DEMO_COUNTRY_CONTACT[0], DEMO_COUNTRY_CONTACT[1], "contact of Ghana (demo): MNR assessments"),
    (DEMO_APPLICANT[0], DEMO_APPLICANT[1], "applicant (an application awaiting an answer)"),
]

S = Application.Status
APPLICATIONS = [
    # (name, traits, status, history [(action, from, to, message, visible)])
    ("Blue Harbour Apps (demo)", {"company": True}, S.DRAFT, []),
    (
        "Ministry of Digital Affairs (demo)",
        {"country": True, "state": "CL"},
        S.SUBMITTED,
        [("submit", S.DRAFT, S.SUBMITTED, "", True)],
    ),
    (
        "Youth Voices Online (demo)",
        {},
        S.UNDER_REVIEW,
        [
            ("submit", S.DRAFT, S.SUBMITTED, "", True),
            ("start_review", S.SUBMITTED, S.UNDER_REVIEW, "References checked.", False),
        ],
    ),
    (
        "Tern Payments (demo)",
        {"company": True},
        S.INFORMATION_REQUESTED,
        [
            ("submit", S.DRAFT, S.SUBMITTED, "", True),
            (
                "request_information",
                S.SUBMITTED,
                S.INFORMATION_REQUESTED,
                "Please describe how you report suspected abuse to the national hotline.",
                True,
            ),
        ],
    ),
    (
        "Quick Rich Ads (demo)",
        {"company": True},
        S.DECLINED,
        [
            ("submit", S.DRAFT, S.SUBMITTED, "", True),
            ("start_review", S.SUBMITTED, S.UNDER_REVIEW, "", False),
            (
                "decline",
                S.UNDER_REVIEW,
                S.DECLINED,
                "The alliance's membership is for organisations working on child protection.",
                True,
            ),
        ],
    ),
]


def _account(email, password, first, last, groups=()):
    user = UserFactory(email=email, first_name=first, last_name=last)
    user.set_password(password)
    user.save()
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def seed(command, home):
    statement = CommitmentStatement.objects.order_by("-version").first()
    if statement is None:
        statement = CommitmentStatement.objects.create(
            title="Statement of commitments", text=STATEMENT_TEXT, published=True
        )
    today = timezone.localdate()
    for name, kind, country, website, description, years in MEMBERS:
        joined = today - timedelta(days=365 * years + 30)
        MemberOrganisationFactory(
            name=name,
            kind=kind,
            country=country,
            website=website,
            description=description,
            joined_on=joined,
            commitment=statement,
            # Most renewed this year; one is due within the month, to show the reminder.
            commitment_endorsed_on=today - timedelta(days=340 if years == 4 else 60),
        )

    reviewer = _account(*DEMO_REVIEWER, groups=[MEMBERSHIP_REVIEWERS])
    applicant = _account(*DEMO_APPLICANT)

    # The demo member account acts for one demo member (the primary contact).
    member_user = UserFactory(email="member@demo.example.org")
    safe = MemberOrganisation.objects.get(slug="safe-childhood-network-demo")
    if not MemberContact.objects.filter(
        organisation=safe, role=MemberContact.Role.PRIMARY
    ).exists():
        MemberContactFactory(
            organisation=safe,
            user=member_user,
            role=MemberContact.Role.PRIMARY,
            job_title="Programme director",
        )
    services.add_contact(safe, member_user)

    seed_assessments()

    for name, traits, status, history in APPLICATIONS:
        if Application.objects.filter(applicant=applicant, name=name).exists():
            continue
        started = timezone.now() - timedelta(days=20)
        app = ApplicationFactory(
            applicant=applicant,
            name=name,
            status=status,
            commitment=statement,
            status_changed_at=started + timedelta(days=len(history) * 3),
            reviewer=reviewer if status in (S.UNDER_REVIEW, S.INFORMATION_REQUESTED) else None,
            **traits,
        )
        if status != S.DRAFT:
            ApplicationContactFactory(
                application=app, name="Sam Colleague", email="colleague@demo.example.org"
            )
        for n, (action, from_status, to_status, message, visible) in enumerate(history):
            ApplicationEventFactory(
                application=app,
                actor=applicant if action == "submit" else reviewer,
                action=action,
                from_status=from_status,
                to_status=to_status,
                message=message,
                visible_to_applicant=visible,
                created_at=started + timedelta(days=n * 3),
            )

    command.stdout.write(
        f"Members: {MemberOrganisation.objects.count()} demo members, "
        f"{Application.objects.count()} applications, "
        f"{Assessment.objects.count()} MNR self-assessments."
    )
    return [{"url": "/members/", "label": "Members"}]


# The demo countries' self-assessments, two years back and last year (levels by capability
# number, 1 to 21), and what each publishes. Ghana's contact starts this year's from a copy.
ASSESSMENTS = {
    # slug: (levels two years ago, levels last year, publication, contactable)
    "ghana-demo": (
        [2, 1, 2, 1, 1, 0, 0, 1, 1, 0, 2, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1],
        [3, 2, 2, 2, 1, 1, 0, 2, 1, 0, 3, 2, 2, 1, 0, 1, 1, 1, 1, 1, 2],
        Assessment.Publication.LEVELS,
        False,
    ),
    "philippines-demo": (
        [3, 2, 3, 3, 2, 1, 2, 2, 2, 1, 3, 3, 2, 1, 0, 2, 2, 1, 2, 1, 2],
        [3, 3, 4, 4, 3, 2, 3, 2, 2, 1, 4, 3, 3, 2, 1, 3, 3, 2, 2, 2, 3],
        Assessment.Publication.EVIDENCE,
        True,
    ),
    "albania-demo": (
        [2, 1, 3, 2, 2, 1, 1, 1, 2, 1, 2, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1],
        [2, 2, 3, 3, 2, 2, 2, 2, 2, 1, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 2],
        Assessment.Publication.PRIVATE,
        False,
    ),
    "brazil-demo": (
        [3, 3, 3, 3, 3, 2, 3, 2, 3, 2, 4, 4, 2, 2, 1, 3, 3, 2, 2, 2, 2],
        [4, 3, 4, 4, 3, 3, 4, 3, 3, 2, 4, 4, 3, 2, 2, 4, 4, 3, 3, 2, 3],
        Assessment.Publication.LEVELS,
        True,
    ),
    "australia-demo": (
        [4, 4, 4, 4, 3, 3, 4, 3, 3, 3, 4, 4, 4, 3, 3, 4, 4, 4, 3, 3, 3],
        [4, 4, 4, 4, 4, 3, 4, 4, 3, 3, 4, 4, 4, 3, 4, 4, 4, 4, 4, 3, 4],
        Assessment.Publication.EVIDENCE,
        True,
    ),
}
EVIDENCE = "Demo evidence for capability {number}: the responsible ministry's latest report."


def seed_assessments():
    """Two years of submitted assessments for the demo countries, once."""
    year = timezone.localdate().year
    contact = _account(*DEMO_COUNTRY_CONTACT)
    for slug, (older, last, publication, contactable) in ASSESSMENTS.items():
        member = MemberOrganisation.objects.get(slug=slug)
        if slug == "ghana-demo":
            services.add_contact(member, contact)
        if Assessment.objects.filter(member=member).exists():
            continue
        for offset, levels in ((2, older), (1, last)):
            build_assessment(
                member,
                year - offset,
                dict(enumerate(levels, start=1)),
                publication=publication,
                contactable=contactable,
                priorities={n: 1 + n % 3 for n, level in enumerate(levels, 1) if level < 3},
                evidence=EVIDENCE,
            )
