"""The country resource directory: entries kept by editors, and suggestions from the public.

An entry is a fact about one real service (a hotline, a helpline, a police unit, a law...), with
the sources it was taken from and when it was last verified. Its name and description are stored
as published, in the language the source used: they are not translated (the interface around
them is).
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.regions import AREA_NAMES, area_choices, region_of, subregion_of

http_url = URLValidator(schemes=["http", "https"])


class Category(models.TextChoices):
    """The directory's categories (DESIGN.md, "Directory categories"), in the order pages show
    them: where to report and where a child gets help first."""

    HOTLINE = "reporting_hotline", _("Reporting hotline")
    HELPLINE = "child_helpline", _("Child helpline")
    LAW_ENFORCEMENT = "law_enforcement", _("Specialised law-enforcement unit")
    LEGISLATION = "legislation", _("Legislation")
    POLICY = "policy", _("National policy or strategy")
    COORDINATION = "coordination", _("Coordination body")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    EDUCATION = "education", _("Education or awareness programme")
    INDUSTRY = "industry", _("Industry initiative")
    RESEARCH = "research", _("Research")


# The MNR capability (its number, DESIGN.md) an entry of each category evidences in its country.
# A civil-society organisation may do many things: it evidences no one capability by itself.
CATEGORY_CAPABILITY = {
    Category.HOTLINE: 12,  # CSEA hotline
    Category.HELPLINE: 11,  # Child helpline
    Category.LAW_ENFORCEMENT: 4,  # Dedicated law enforcement
    Category.LEGISLATION: 3,  # Legislation
    Category.POLICY: 1,  # Leadership: national governance and oversight
    Category.COORDINATION: 1,
    Category.EDUCATION: 13,  # Education programme
    Category.INDUSTRY: 19,  # Corporate social responsibility
    Category.RESEARCH: 2,  # Research, analysis and monitoring
}
EVIDENCED_CAPABILITIES = sorted(set(CATEGORY_CAPABILITY.values()))

# What /report/ puts first, large.
FIRST_RESORT = [Category.HOTLINE, Category.HELPLINE]


def validate_sources(value):
    """One or more http(s) addresses, one per line (or separated by `` ; `` as in the data)."""
    urls = split_sources(value)
    if not urls:
        raise ValidationError(_("Give at least one source address."))
    for url in urls:
        http_url(url)


def split_sources(value):
    parts = (value or "").replace(" ; ", "\n").replace(";", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


def validate_time_zone(value):
    """An IANA time zone name (``Europe/Paris``). Not a field's choices: the list changes with
    the system's time zone data, and would change the migrations with it."""
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone."), params={"value": value})


class EntryQuerySet(models.QuerySet):
    def national(self):
        return self.filter(scope=DirectoryEntry.Scope.NATIONAL)

    def for_country(self, code):
        """Entries that serve ``code``: its own, and regional ones for its region or subregion."""
        code = str(code).upper()
        areas = [area for area in (region_of(code), subregion_of(code)) if area]
        return self.filter(
            models.Q(scope=DirectoryEntry.Scope.NATIONAL, country=code)
            | models.Q(scope=DirectoryEntry.Scope.REGIONAL, region__in=areas)
        )

    def international(self):
        return self.filter(scope=DirectoryEntry.Scope.INTERNATIONAL)

    def stale(self, today=None):
        """Not verified for over a year (or never)."""
        today = today or timezone.localdate()
        cutoff = today - timezone.timedelta(days=365)
        return self.filter(models.Q(last_verified__lt=cutoff) | models.Q(last_verified=None))


class DirectoryEntry(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("A country")
        REGIONAL = "regional", _("A region")
        INTERNATIONAL = "international", _("International")

    class OrganisationType(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        GOVERNMENT = "government", _("Government")
        INDUSTRY = "industry", _("Industry body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, db_index=True
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("As published; not translated.")
    )
    scope = models.CharField(
        _("serves"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL, db_index=True
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    region = models.CharField(
        _("region"),
        max_length=3,
        choices=area_choices(),
        blank=True,
        db_index=True,
        help_text=_("For a regional entry: the region or subregion it serves."),
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    website = models.URLField(_("website"), max_length=500, blank=True, validators=[http_url])
    report_url = models.URLField(
        _("online reporting form"), max_length=500, blank=True, validators=[http_url]
    )
    phone = models.CharField(
        _("phone"), max_length=100, blank=True, help_text=_("As dialled, e.g. 116 111.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("E.g. English, French.")
    )
    open_24_7 = models.BooleanField(_("open 24/7"), default=False)
    hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_("Days and times, e.g. Mon–Fri 09:00–17:00; or a note on the 24/7 service."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("For the hours, e.g. Europe/Paris."),
    )
    accepts_anonymous = models.BooleanField(
        _("accepts anonymous reports"),
        null=True,
        blank=True,
        help_text=_("Leave unknown if no source says."),
    )
    sources = models.TextField(
        _("sources"),
        validators=[validate_sources],
        help_text=_("One or more addresses where these facts were published, one per line."),
    )
    source_date = models.CharField(
        _("source date"),
        max_length=10,
        blank=True,
        help_text=_("The date of the most informative source: YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made up for the demo site: not a real service.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["country", "category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "country", "region", "category", "name"],
                name="one_directory_entry_per_name",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope="national", region="") & ~models.Q(country="")
                    | models.Q(scope="regional", country="") & ~models.Q(region="")
                    | models.Q(scope="international", country="", region="")
                ),
                name="directory_entry_scope_consistent",
            ),
        ]
        indexes = [models.Index(fields=["scope", "country", "category"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.country:
            return reverse("directory:country", kwargs={"code": self.country.code.lower()})
        return reverse("directory:index")

    def clean(self):
        super().clean()
        if self.scope == self.Scope.NATIONAL:
            if not self.country:
                raise ValidationError({"country": _("Choose the country this entry serves.")})
            self.region = ""
        elif self.scope == self.Scope.REGIONAL:
            if not self.region:
                raise ValidationError({"region": _("Choose the region this entry serves.")})
            self.country = ""
        else:
            self.country, self.region = "", ""

    @property
    def source_urls(self):
        return split_sources(self.sources)

    @property
    def capability(self):
        return CATEGORY_CAPABILITY.get(self.category)

    @property
    def area_name(self):
        if self.scope == self.Scope.REGIONAL:
            return AREA_NAMES.get(self.region, self.region)
        if self.scope == self.Scope.INTERNATIONAL:
            return _("International")
        return self.country.name


class EntrySuggestion(models.Model):
    """A new entry or a correction sent by the public: nothing is published until an editor
    approves it (``directory.services.approve_suggestion``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    country = CountryField(_("country"))
    entry = models.ForeignKey(
        DirectoryEntry,
        verbose_name=_("entry to correct"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(_("description or correction"), blank=True, max_length=2000)
    website = models.URLField(_("website"), max_length=500, blank=True, validators=[http_url])
    report_url = models.URLField(
        _("online reporting form"), max_length=500, blank=True, validators=[http_url]
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    source = models.URLField(_("where this is published"), max_length=500, validators=[http_url])
    email = models.EmailField(
        _("your e-mail"), blank=True, help_text=_("Only to tell you the outcome; never published.")
    )
    language = models.CharField(max_length=10, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note to the sender"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("directory suggestion")
        verbose_name_plural = _("directory suggestions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.country.code})"
