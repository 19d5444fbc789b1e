"""Factories shared by the tests and by ``members.demo``."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.factories import UserFactory
from portal.pdf import simple_pdf

from .models import (
    Application,
    ApplicationContact,
    ApplicationEvent,
    Assessment,
    AssessmentAnswer,
    CommitmentStatement,
    MemberContact,
    MemberOrganisation,
)

STATEMENT_TEXT = (
    "<p>As a member of the alliance, we commit to:</p><ol>"
    "<li>Put the protection of children at the centre of every decision.</li>"
    "<li>Assess our response against the Model National Response and act on the gaps found.</li>"
    "<li>Share knowledge, data and good practice with other members.</li>"
    "<li>Support victims and survivors, and listen to them.</li></ol>"
)


class CommitmentStatementFactory(factory.django.DjangoModelFactory):
    title = "Statement of commitments"
    text = STATEMENT_TEXT
    published = True

    class Meta:
        model = CommitmentStatement


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Member organisation {n}")
    kind = MemberOrganisation.Kind.ORGANISATION
    country = "FR"
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    description = factory.Faker("paragraph", nb_sentences=2)
    joined_on = factory.LazyFunction(timezone.localdate)
    commitment_endorsed_on = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = MemberOrganisation
        django_get_or_create = ("slug",)

    @factory.lazy_attribute
    def slug(self):
        from django.utils.text import slugify

        return slugify(self.name)


class MemberContactFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(MemberOrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberContact.Role.CONTACT

    class Meta:
        model = MemberContact
        django_get_or_create = ("organisation", "user")


def letter_pdf(title="Letter of endorsement"):
    return ContentFile(
        simple_pdf(title, ["The government endorses the alliance's statement of commitments."]),
        name="letter.pdf",
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application (ready to submit), a draft unless ``status`` says otherwise."""

    applicant = factory.SubFactory(UserFactory)
    kind = Application.Kind.ORGANISATION
    status = Application.Status.DRAFT
    name = factory.Sequence(lambda n: f"Applicant organisation {n}")
    website = factory.Sequence(lambda n: f"https://applicant{n}.example.org")
    description = factory.Faker("paragraph", nb_sentences=2)
    contribution = factory.Faker("paragraph", nb_sentences=2)
    headquarters = "KE"
    organisation_type = Application.OrganisationType.CIVIL_SOCIETY
    countries_of_work = ["KE", "UG"]
    contact_name = factory.Faker("name")
    contact_role = "Director"
    contact_email = factory.LazyAttribute(lambda o: o.applicant.email)
    contact_phone = "+254 20 000 0000"
    commitment = factory.LazyFunction(
        lambda: CommitmentStatement.objects.current() or CommitmentStatementFactory()
    )
    commitment_endorsed_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Application.Status.DRAFT else o.status_changed_at
    )

    class Meta:
        model = Application

    class Params:
        company = factory.Trait(
            kind=Application.Kind.COMPANY,
            organisation_type="",
            countries_of_work=[],
            sector=Application.Sector.SOCIAL_MEDIA,
            headquarters="US",
            size=Application.Size.LARGE,
            services="A messaging app.",
        )
        country = factory.Trait(
            kind=Application.Kind.COUNTRY,
            organisation_type="",
            countries_of_work=[],
            headquarters="",
            website="",
            state="GH",
            name="Ministry of Communications",
            endorsement_letter=factory.LazyFunction(letter_pdf),
            endorsement_letter_name="letter.pdf",
        )


class ApplicationContactFactory(factory.django.DjangoModelFactory):
    application = factory.SubFactory(ApplicationFactory)
    name = factory.Faker("name")
    role = "Policy lead"
    email = factory.Sequence(lambda n: f"colleague{n}@example.org")

    class Meta:
        model = ApplicationContact


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    application = factory.SubFactory(ApplicationFactory)
    action = "submit"
    from_status = Application.Status.DRAFT
    to_status = Application.Status.SUBMITTED
    visible_to_applicant = True

    class Meta:
        model = ApplicationEvent


class AssessmentFactory(factory.django.DjangoModelFactory):
    member = factory.SubFactory(
        MemberOrganisationFactory, kind=MemberOrganisation.Kind.COUNTRY, country="GH"
    )
    year = factory.LazyFunction(lambda: timezone.localdate().year)

    class Meta:
        model = Assessment
        django_get_or_create = ("member", "year")


def build_assessment(
    member,
    year,
    levels,
    *,
    submitted=True,
    publication=Assessment.Publication.PRIVATE,
    contactable=False,
    priorities=None,
    evidence="",
):
    """An assessment of ``member`` for ``year`` with ``levels`` (``{capability number: level}``;
    the other capabilities not started), written directly (the demo, tests and the benchmark
    build history without the workflow's checks)."""
    from resources.i18n import source_capabilities

    assessment = AssessmentFactory(
        member=member,
        year=year,
        status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        publication=publication,
        contactable=contactable,
    )
    priorities = priorities or {}
    capabilities = dict(source_capabilities().values_list("number", "pk"))
    AssessmentAnswer.objects.filter(assessment=assessment).delete()
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(
            assessment=assessment,
            capability_id=capabilities[number],
            level=levels.get(number, 0),
            priority=priorities.get(number),
            evidence=evidence.format(number=number) if evidence else "",
        )
        for number in sorted(capabilities)
    )
    return assessment
