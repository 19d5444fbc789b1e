import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.regions import REGION_NAMES, region_of

from ..storage import private_storage
from .organisations import MemberOrganisation


def endorsement_letter_path(instance, filename):
    # The name the applicant chose is never used on disk: it may carry anything.
    return f"applications/{uuid.uuid4().hex}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        """Everything but drafts, which stay the applicant's own business."""
        return self.exclude(status=Application.Status.DRAFT)

    def open(self):
        """Applications the secretariat still has to decide on."""
        return self.filter(status__in=Application.OPEN_STATUSES)

    def waiting(self):
        """Applications waiting for the secretariat (not for the applicant)."""
        return self.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW]
        )

    def overdue(self, days):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.waiting().filter(status_changed_at__lt=cutoff)

    def counts_by_status(self):
        rows = self.values_list("status").annotate(n=models.Count("pk")).order_by()
        counts = dict.fromkeys(Application.Status.values, 0)
        counts.update(dict(rows))
        return counts


class Application(models.Model):
    """An application to join the alliance, from draft to decision."""

    Kind = MemberOrganisation.Kind

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        INFORMATION_REQUESTED = "information_requested", _("Information requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.INFORMATION_REQUESTED,
    )
    CLOSED_STATUSES = (Status.APPROVED, Status.DECLINED, Status.WITHDRAWN)

    class Sector(models.TextChoices):
        SOCIAL_MEDIA = "social_media", _("Social media and messaging")
        SEARCH = "search", _("Search and online services")
        HOSTING = "hosting", _("Hosting and cloud")
        TELECOM = "telecom", _("Telecommunications and internet access")
        GAMING = "gaming", _("Gaming")
        FINANCE = "finance", _("Payments and finance")
        SAFETY_TECH = "safety_tech", _("Safety technology")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        SMALL = "small", _("Fewer than 50 people")
        MEDIUM = "medium", _("50 to 249 people")
        LARGE = "large", _("250 to 4,999 people")
        VERY_LARGE = "very_large", _("5,000 people or more")

    class OrganisationType(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International organisation")
        ACADEMIA = "academia", _("Academia or research")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    # Empty once the applicant deleted their account: the application's history is kept,
    # anonymised (``members.privacy``).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )

    # For all kinds. For a country, ``name`` is the applying ministry or agency.
    name = models.CharField(_("name"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    contribution = models.TextField(_("intended contribution"), blank=True)

    # Country
    state = CountryField(_("state"), blank=True)
    endorsement_letter = models.FileField(
        _("letter of endorsement"),
        upload_to=endorsement_letter_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    endorsement_letter_name = models.CharField(_("letter file name"), max_length=200, blank=True)

    # Company and organisation
    headquarters = CountryField(_("headquarters country"), blank=True)

    # Company
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    size = models.CharField(_("size"), max_length=20, choices=Size.choices, blank=True)
    services = models.TextField(_("services"), blank=True)

    # Organisation
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    countries_of_work = CountryField(_("countries of work"), multiple=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)

    # Primary contact
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_role = models.CharField(_("role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)

    commitment = models.ForeignKey(
        "members.CommitmentStatement",
        verbose_name=_("statement of commitments endorsed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    commitment_endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)

    region = models.CharField(
        _("region"), max_length=3, choices=list(REGION_NAMES.items()), blank=True, db_index=True,
        editable=False,
    )  # fmt: skip
    member = models.OneToOneField(
        MemberOrganisation,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-status_changed_at"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="application_status_age")
        ]

    def __str__(self):
        return self.display_name or _("Application %(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.region = region_of(self.main_country)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:application", kwargs={"pk": self.pk})

    @property
    def main_country(self):
        """The state for a country; the headquarters for a company or an organisation."""
        return self.state if self.kind == self.Kind.COUNTRY else self.headquarters

    @property
    def display_name(self):
        if self.kind == self.Kind.COUNTRY and self.state:
            return str(self.state.name)
        return self.name

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable_by_applicant(self):
        """A draft, or an application the secretariat asked to complete."""
        return self.status in (self.Status.DRAFT, self.Status.INFORMATION_REQUESTED)


class ApplicationContact(models.Model):
    """A further contact listed in an application; becomes a member contact on approval."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="further_contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("further contact")
        verbose_name_plural = _("further contacts")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class ApplicationEvent(models.Model):
    """One step in an application's history: who did what, when, with which message."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=30, choices=Application.Status.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=Application.Status.choices)
    message = models.TextField(_("message"), blank=True)
    visible_to_applicant = models.BooleanField(_("visible to the applicant"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
