"""The Model National Response framework and the library's languages, kept by editors as
snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class MNRDomain(index.Indexed, models.Model):
    """One of the six domains of the Model National Response (policy and governance, …)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("number"), FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        verbose_name = _("MNR domain")
        verbose_name_plural = _("MNR domains")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class MNRCapability(index.Indexed, models.Model):
    """One of the 21 capabilities a country needs for its national response."""

    domain = models.ForeignKey(
        MNRDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="capabilities",
    )
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("domain"),
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        verbose_name = _("MNR capability")
        verbose_name_plural = _("MNR capabilities")
        ordering = ["number"]

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
