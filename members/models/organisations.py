from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.regions import REGION_NAMES, region_of


class MemberOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MemberOrganisation.Status.ACTIVE)

    def visible(self):
        """Members shown on the public list: active ones."""
        return self.active()

    def counts_by_kind(self):
        """``{"country": 70, "company": 20, "organisation": 17}`` for the active members."""
        rows = self.active().values_list("kind").annotate(n=models.Count("pk")).order_by()
        counts = dict.fromkeys(MemberOrganisation.Kind.values, 0)
        counts.update(dict(rows))
        return counts


class MemberOrganisation(models.Model):
    """A member of the alliance: a country (through its government), a company or an
    organisation. Its public profile is what the member list shows."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        COMPANY = "company", _("Company")
        ORGANISATION = "organisation", _("Organisation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    country = CountryField(
        _("country"), help_text=_("The state for a country member; the headquarters otherwise.")
    )
    region = models.CharField(
        _("region"), max_length=3, choices=list(REGION_NAMES.items()), blank=True, db_index=True,
        editable=False,
    )  # fmt: skip
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("joined"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # The statement of commitments is renewed every year; the secretariat sees when it lapses.
    commitment = models.ForeignKey(
        "members.CommitmentStatement",
        verbose_name=_("statement of commitments endorsed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commitment_endorsed_on = models.DateField(_("commitment endorsed on"), null=True, blank=True)
    commitment_lapsed_on = models.DateField(
        _("commitment lapsed on"),
        null=True,
        blank=True,
        help_text=_("Set when the yearly renewal of the commitment was missed."),
    )
    # Country members assess themselves against the MNR; other members when the secretariat
    # enables it for them.
    assessment_enabled = models.BooleanField(
        _("MNR self-assessment enabled"),
        default=False,
        help_text=_("Country members always may; tick to let this member assess itself too."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]
        constraints = [
            # A state joins once: at most one country member per country.
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(kind="country"),
                name="one_country_member_per_state",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.region = region_of(self.country)
        if kwargs.get("update_fields") is not None and "country" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:detail", kwargs={"slug": self.slug})

    @property
    def may_assess(self):
        """Whether the member keeps an MNR self-assessment."""
        return self.is_active and (self.kind == self.Kind.COUNTRY or self.assessment_enabled)

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def commitment_due_on(self):
        """The anniversary by which the commitment must be renewed, or ``None``."""
        if self.commitment_endorsed_on is None:
            return None
        return add_years(self.commitment_endorsed_on, 1)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class MemberContact(models.Model):
    """A person who acts for a member organisation: manages its profile and has member access."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary contact")
        CONTACT = "contact", _("Contact")

    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="member_contacts",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CONTACT)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member contact")
        verbose_name_plural = _("member contacts")
        ordering = ["organisation", "-role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_contact_per_person"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role="primary"),
                name="one_primary_contact_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_primary(self):
        return self.role == self.Role.PRIMARY


class ContactInvitation(models.Model):
    """An invitation to become a contact of a member, sent by e-mail as a signed, expiring link."""

    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    # "primary" when an approved application named this person its primary contact.
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=MemberContact.Role.choices,
        default=MemberContact.Role.CONTACT,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact invitation")
        verbose_name_plural = _("contact invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"
