"""The Model National Response framework and the library's languages, kept by editors as
snippets.

The domains and capabilities are translatable (Wagtail's ``TranslatableMixin``, translated with
wagtail-localize): one row per locale, the translations of one sharing its ``translation_key``
and its ``number``. The number is what the rest of the portal refers to (the library's filters,
/mnr/'s anchors); resources link to the capabilities of the default locale, whose names are
shown in the reader's language where a translation exists."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index


def in_default_locale():
    """The rows of the default locale (``limit_choices_to``: resources link to these)."""
    return models.Q(locale__language_code=Locale.get_default().language_code)


class MNRDomain(TranslatableMixin, index.Indexed, models.Model):
    """One of the six domains of the Model National Response (policy and governance, …)."""

    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("number"), FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("MNR domain")
        verbose_name_plural = _("MNR domains")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "locale"], name="one_domain_number_per_locale"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class MNRCapability(TranslatableMixin, index.Indexed, models.Model):
    """One of the 21 capabilities a country needs for its national response."""

    domain = models.ForeignKey(
        MNRDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="capabilities",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("domain"),
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("MNR capability")
        verbose_name_plural = _("MNR capabilities")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "locale"], name="one_capability_number_per_locale"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def anchor(self):
        return f"capability-{self.number}"


class Language(models.Model):
    """A language a resource can be written in (the UN's six and others the alliance uses)."""

    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("BCP 47 code, e.g. “fr” or “pt-BR”.")
    )
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.name
