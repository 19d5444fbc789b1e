from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.regions import REGION_NAMES, region_of


class MemberOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MemberOrganisation.Status.ACTIVE)

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
