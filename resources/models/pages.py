"""The best-practice library: its index at /resources/, the resources, and the /mnr/ page."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.blocks import BodyBlock
from portal.regions import REGION_NAMES, region_of

from ..page_views import page_views
from .mnr_pages import MNRCapabilityPage
from .snippets import MNRCapability, in_default_locale


class ResourceIndexPage(RoutablePageMixin, Page):
    """The library at /resources/: a filterable, searchable listing and an Atom feed."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["resources.ResourcePage"]
    # What the listing and the feed read (resources/filters.py): the page cache stores only
    # query strings made of these.
    cached_query_parameters = (
        "q", "sort", "page", "type", "capability", "domain", "region", "country", "language",
        "year", "access",
    )  # fmt: skip
    max_count = 1

    class Meta:
        verbose_name = _("library index page")

    @path("")
    def listing(self, request):
        return page_views.library_listing(self, request)

    @path("feed/")
    def feed(self, request):
        return page_views.library_feed(self, request)


class ResourcePage(Page):
    """A guide, report, toolkit, case study, law, policy, training, research or video."""

    class Type(models.TextChoices):
        GUIDE = "guide", _("Guide")
        REPORT = "report", _("Report")
        TOOLKIT = "toolkit", _("Toolkit")
        CASE_STUDY = "case_study", _("Case study")
        LEGISLATION = "legislation", _("Legislation or model law")
        POLICY = "policy", _("Policy")
        TRAINING = "training", _("Training material")
        RESEARCH = "research", _("Research")
        VIDEO = "video", _("Video")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Shown to everyone, including for members-only resources."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    resource_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.GUIDE, db_index=True
    )
    # The capabilities of the default locale: a translation of the resource links to the same
    # ones (wagtail-localize synchronises the field), shown in the reader's language.
    capabilities = ParentalManyToManyField(
        MNRCapability,
        verbose_name=_("MNR capabilities"),
        related_name="resources",
        blank=True,
        limit_choices_to=in_default_locale,
    )
    languages = ParentalManyToManyField(
        "resources.Language", verbose_name=_("languages"), related_name="resources", blank=True
    )
    publisher = models.ForeignKey(
        "members.MemberOrganisation",
        verbose_name=_("publisher (member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    publisher_name = models.CharField(
        _("publisher (other)"),
        max_length=200,
        blank=True,
        help_text=_("When the publisher is not a member organisation."),
    )
    publication_date = models.DateField(_("publication date"), db_index=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=Access.choices,
        default=Access.PUBLIC,
        db_index=True,
        help_text=_(
            "Members-only: everyone sees the title and summary; the body, documents and links "
            "need a signed-in member. Attached documents move to the private collection."
        ),
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("access"),
                FieldPanel("publication_date"),
                FieldPanel("publisher"),
                FieldPanel("publisher_name"),
                FieldPanel("cover_image"),
            ],
            heading=_("About this resource"),
        ),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
        InlinePanel("links", label=_("External links")),
        MultiFieldPanel(
            [
                FieldPanel("capabilities", widget=forms.CheckboxSelectMultiple),
                InlinePanel("countries", label=_("Countries")),
                InlinePanel("regions", label=_("Regions")),
            ],
            heading=_("Model National Response and places"),
        ),
        # The languages its documents exist in; the page's own language is its locale.
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        InlinePanel("related_resources", label=_("Related resources")),
    ]
    # wagtail-localize leaves many-to-many fields out of a translation unless named: a
    # translation links to the same capabilities and document languages as its source.
    override_translatable_fields = [
        SynchronizedField("capabilities"),
        SynchronizedField("languages"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("publisher_name"),
        # Only the body of a public resource is indexed: the index never holds members' content.
        index.SearchField("search_body"),
        index.FilterField("resource_type"),
        index.FilterField("access"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    @property
    def members_only(self):
        return self.access == self.Access.MEMBERS

    def get_resource_type_display(self):
        # Django's own (which a model may replace) hashes every choice's lazy label, translating
        # all nine on each call; a listing shows a dozen cards.
        return dict(self.Type.choices).get(self.resource_type, self.resource_type)

    @property
    def publisher_display(self):
        return self.publisher.name if self.publisher_id else self.publisher_name

    def search_body(self):
        if self.members_only:
            return ""
        return " ".join(strip_tags(str(block.render())) for block in self.body)

    def clean(self):
        super().clean()
        if self.publisher_id and self.publisher_name:
            raise ValidationError(
                {
                    "publisher_name": _(
                        "Choose a member organisation or type a publisher's name, not both."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Who may read all of it, its library and its lists (resources.page_context).
        context.update(page_views.resource_context(self, request))
        return context


class ResourceCountry(Orderable):
    page = ParentalKey(ResourcePage, related_name="countries", on_delete=models.CASCADE)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(
        _("region"), max_length=3, choices=list(REGION_NAMES.items()), blank=True,
        editable=False, db_index=True,
    )  # fmt: skip

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["page", "country"], name="one_row_per_resource_country")
        ]

    def save(self, *args, **kwargs):
        self.region = region_of(self.country)
        super().save(*args, **kwargs)

    def __str__(self):
        return str(self.country.name)


class ResourceRegion(Orderable):
    """A UN M49 region the resource concerns as a whole (its countries' regions count too)."""

    page = ParentalKey(ResourcePage, related_name="regions", on_delete=models.CASCADE)
    region = models.CharField(
        _("region"), max_length=3, choices=list(REGION_NAMES.items()), db_index=True
    )

    panels = [FieldPanel("region")]

    class Meta(Orderable.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["page", "region"], name="one_row_per_resource_region")
        ]

    def __str__(self):
        return str(REGION_NAMES.get(self.region, self.region))


class ResourceDocument(Orderable):
    page = ParentalKey(ResourcePage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ResourceLink(Orderable):
    page = ParentalKey(ResourcePage, related_name="links", on_delete=models.CASCADE)
    url = models.URLField(_("address"))
    label = models.CharField(_("label"), max_length=150)

    panels = [FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("external link")
        verbose_name_plural = _("external links")


class RelatedResource(Orderable):
    page = ParentalKey(ResourcePage, related_name="related_resources", on_delete=models.CASCADE)
    resource = models.ForeignKey(
        ResourcePage, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("resource", "resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")


# How many resources /mnr/ lists under each capability (the newest); a link leads to them all.
MNR_RESOURCES_PER_CAPABILITY = 5


class MNRPage(Page):
    """/mnr/: the Model National Response, each domain and capability with its newest
    resources and a link to all of them in the library."""

    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["resources.MNRDomainPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Model National Response page")

    def route(self, request, path_components):
        """``<domain>/<capability>/`` found with one query for the capability page, in its
        specific type, where Wagtail's ``Page.route`` takes two a level (the child, then its
        specific row). The page found answers as Wagtail's would (``route`` with nothing left:
        404 unless live); any other address, or one this does not find, goes Wagtail's way."""
        if len(path_components) == 2:
            domain_slug, capability_slug = path_components
            capability = (
                MNRCapabilityPage.objects.descendant_of(self)
                .filter(
                    depth=self.depth + 2,
                    slug=capability_slug,
                    url_path=f"{self.url_path}{domain_slug}/{capability_slug}/",
                )
                .first()
            )
            if capability is not None:
                return capability.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The domains, capabilities and their newest resources (resources.page_context).
        context.update(page_views.mnr_context(self, request))
        return context
