import hashlib

import django
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from portal import content_version
from portal.blocks import LinkBlock

NETWORKS = [
    ("bluesky", "Bluesky"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("mastodon", "Mastodon"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("other", _("Other")),
]


class SocialLinkValue(blocks.StructValue):
    def network_name(self):
        return dict(NETWORKS).get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=NETWORKS, label=_("Network"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social link")
        value_class = SocialLinkValue


class ContentCachedSiteSetting(BaseSiteSetting):
    """A site setting that templates read through ``for_request`` from the content cache
    (``portal.content_version.cached``) instead of the database: saving it moves the content
    version (``portal.apps``), so the next request reads the new one. ``for_site`` (the admin's
    edit view, services) reads the database as Wagtail does."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)  # Wagtail's answer: no setting without a site
        setting = content_version.cached(
            request, cls.content_cache_name(site), lambda: cls.for_site(site)
        )
        setattr(request, attr_name, setting)
        return setting

    @classmethod
    def content_cache_name(cls, site):
        """The setting's name in the content cache: with a digest of Django's version and the
        model's columns, so that a copy pickled before a deploy that changed either is never
        read after it."""
        columns = ",".join(field.column for field in cls._meta.concrete_fields)
        layout = hashlib.sha256(f"{django.get_version()}|{columns}".encode()).hexdigest()[:12]
        return f"setting:{cls._meta.label}:{layout}:{site.pk}"


@register_setting(icon="site")
class AllianceSettings(ContentCachedSiteSetting):
    """Who the alliance is: shown in the header, the footer and e-mails."""

    name = models.CharField(_("name"), max_length=120, default="Alliance Portal")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("postal_address")], heading=_("Contact")
        ),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("alliance")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main navigation and the footer's links, edited by the secretariat."""

    main_navigation = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("main navigation")
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("footer links"))
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        help_text=_("A sentence about the alliance, shown above the footer's links."),
    )

    panels = [FieldPanel("main_navigation"), FieldPanel("footer_links"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = _("navigation")
