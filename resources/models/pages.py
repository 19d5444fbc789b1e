"""The best-practice library: its index at /resources/, the resources, and the /mnr/ page."""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.regions import REGION_NAMES, region_of

from .snippets import MNRCapability, MNRDomain


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
        from resources.filters import ResourceFilter

        resource_filter = ResourceFilter(request.GET, index_page=self, request=request)
        context = self.get_context(request)
        context.update(resource_filter.listing_context(request))
        return TemplateResponse(request, self.get_template(request), context)

    @path("feed/")
    def feed(self, request):
        from resources.feeds import ResourceFeed

        return ResourceFeed(self)(request)


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
    capabilities = ParentalManyToManyField(
        MNRCapability,
        verbose_name=_("MNR capabilities"),
        related_name="resources",
        blank=True,
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
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("language version of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("Choose the original when this page is another language version of it."),
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
        MultiFieldPanel(
            [
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                PageChooserPanel("translation_of", "resources.ResourcePage"),
            ],
            heading=_("Languages"),
        ),
        InlinePanel("related_resources", label=_("Related resources")),
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
        if self.translation_of_id:
            original = self.translation_of
            if original.translation_of_id:
                # Keep every version pointing at one original, so the group is one query away.
                self.translation_of_id = original.translation_of_id
            if self.pk and self.translation_of_id == self.pk:
                raise ValidationError(
                    {"translation_of": _("A resource cannot be a language version of itself.")}
                )
            if self.pk and ResourcePage.objects.filter(translation_of_id=self.pk).exists():
                raise ValidationError(
                    {
                        "translation_of": _(
                            "Other resources are language versions of this one: it is the "
                            "original. Choose this page as their original instead."
                        )
                    }
                )

    def get_context(self, request, *args, **kwargs):
        from resources.services import can_view_members_content

        context = super().get_context(request, *args, **kwargs)
        # The library is the parent: Wagtail's routing has it at hand (no query when served).
        parent = self.get_parent()
        context["library"] = parent if parent is not None and parent.live else None
        if getattr(request, "is_preview", False):
            can_view_full = not self.members_only or can_view_members_content(request.user)
            context.update(self._lists_of_the_draft(can_view_full))
        else:
            can_view_full, lists = self._lists(request.user)
            context.update(lists)
        context["can_view_full"] = can_view_full
        return context

    def _lists(self, user):
        """Whether ``user`` may read the whole page, and what it shows besides its own fields,
        with one query: its languages, places, capabilities, language versions, related
        resources, publisher and cover image, and, for a reader of the whole page only, its
        documents and links."""
        from portal.queries import fetch_lists
        from resources.services import (
            known_members_content_access,
            member_content_groups,
            public,
            remember_members_content_access,
        )

        root = self.translation_of_id or self.pk
        related = RelatedResource.objects.filter(page_id=self.pk)
        # Each list on its own indexed condition: an OR across them would read every page.
        group = ResourcePage.objects.filter(Q(pk=root) | Q(translation_of_id=root))
        fields = ["title", "url_path", "access", "translation_of_id"]
        language_links = ResourcePage.languages.through.objects.filter(
            resourcepage_id__in=group.values("pk")  # this resource is in its group
        ).order_by("language__name")
        lists = {
            "related": (related, ["resource_id"]),
            # Related resources under a view restriction are not shown: their titles are not
            # for everyone, and their pages refuse the reader anyway.
            "related_pages": (
                public(ResourcePage.objects.live())
                .filter(pk__in=related.values("resource_id"))
                .order_by("title"),
                fields,
            ),
            "versions": (group.live().order_by("title"), fields),
            "language_links": (
                language_links,
                ["resourcepage_id", "language__code", "language__name"],
            ),
            "countries": (ResourceCountry.objects.filter(page_id=self.pk), ["country"]),
            "regions": (ResourceRegion.objects.filter(page_id=self.pk), ["region"]),
            "capabilities": (MNRCapability.objects.filter(resources=self.pk), ["number", "name"]),
        }
        if self.publisher_id:
            publisher = self._meta.get_field("publisher").related_model
            lists["publisher"] = (publisher._base_manager.filter(pk=self.publisher_id), ["name"])
        if self.cover_image_id:
            image = self._meta.get_field("cover_image").related_model
            lists["cover_image"] = (image._base_manager.filter(pk=self.cover_image_id), None)
        can_view_full = True if not self.members_only else known_members_content_access(user)
        if can_view_full is not False:
            documents = ResourceDocument.objects.filter(page_id=self.pk)
            links = ResourceLink.objects.filter(page_id=self.pk)
            if can_view_full is None:
                # A signed-in user whose membership is not known yet: the same query asks, and
                # the database returns the documents and links only if they are a member.
                groups = member_content_groups(user)
                lists["member_groups"] = (groups, [])
                documents = documents.filter(Exists(groups))
                links = links.filter(Exists(groups))
            lists["documents"] = (
                documents,
                ["description", "document__title", "document__file", "document__file_size"],
            )
            lists["links"] = (links, ["url", "label"])
        found = fetch_lists(**lists)
        if can_view_full is None:
            can_view_full = remember_members_content_access(user, bool(found["member_groups"]))
        if self.publisher_id:
            self.publisher = next(iter(found["publisher"]), None)
        if self.cover_image_id:
            self.cover_image = next(iter(found["cover_image"]), None)
        languages_of = defaultdict(list)
        for link in found["language_links"]:
            languages_of[link.resourcepage_id].append(link.language)
        return can_view_full, self._arrange(
            found,
            others=sorted(
                {page.pk: page for page in [*found["related_pages"], *found["versions"]]}.values(),
                key=lambda page: (page.title, page.pk),
            ),
            related_ids={link.resource_id for link in found["related"]}
            & {page.pk for page in found["related_pages"]},
            languages_of=languages_of,
        )

    def _lists_of_the_draft(self, can_view_full):
        """The same lists for a preview, from the page object: its relations are the draft's,
        held in memory (modelcluster), not yet the database's."""
        from resources.services import public

        related_ids = {link.resource_id for link in self.related_resources.all()}
        root = self.translation_of_id or self.pk
        wanted = Q(pk__in=related_ids)
        if root is not None:  # a new page has no language versions yet
            wanted |= Q(pk=root) | Q(translation_of_id=root)
        others = list(
            ResourcePage.objects.live()
            .filter(wanted)
            .prefetch_related("languages")
            .order_by("title")
        )
        lists = {
            "countries": list(self.countries.all()),
            "regions": list(self.regions.all()),
            "capabilities": list(self.capabilities.all()),
            "documents": list(self.documents.all()) if can_view_full else [],
            "links": list(self.links.all()) if can_view_full else [],
        }
        languages_of = {other.pk: list(other.languages.all()) for other in others}
        languages_of[self.pk] = list(self.languages.all())
        shown = public(ResourcePage.objects.filter(pk__in=related_ids)).values_list("pk", flat=True)
        return self._arrange(lists, others, related_ids & set(shown), languages_of)

    def _arrange(self, lists, others, related_ids, languages_of):
        """The template's lists. ``others``: the live resources that are related to this one or
        share its translation group (this one included), by title."""
        root = self.translation_of_id or self.pk
        versions = [
            other
            for other in others
            if other.pk != self.pk
            and root is not None
            and root in (other.pk, other.translation_of_id)
        ]
        for version in versions:
            version.language_list = languages_of.get(version.pk, [])
        return {
            "languages": languages_of.get(self.pk, []),
            "countries": lists["countries"],
            "regions": lists["regions"],
            "capabilities": lists["capabilities"],
            "documents": lists.get("documents", []),
            "links": lists.get("links", []),
            "language_versions": versions,
            "related": [other for other in others if other.pk in related_ids],
        }


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


def newest_resources_by_capability(limit, request=None):
    """``{capability number: (resources, total)}``: for each capability, its ``limit`` newest
    resources and how many it has in all, exactly as the library lists and counts them (live,
    not under a view restriction, members-only ones included), with one query: the library's
    facet table already holds, for each capability, the set of its resources, newest first."""
    from resources.filters import facet_table, first_positions

    table = facet_table(request)
    keys = table["keys"]
    newest = {
        number: ([keys[i] for i in first_positions(bits, limit)], bits.bit_count())
        for number, bits in table["bits"]["capability"].items()
    }
    wanted = {pk for pks, _total in newest.values() for pk in pks}
    pages = ResourcePage.objects.live().only("title", "url_path", "access").in_bulk(wanted)
    return {
        int(number): ([pages[pk] for pk in pks if pk in pages], total)
        for number, (pks, total) in newest.items()
    }


class MNRPage(Page):
    """/mnr/: the Model National Response, each domain and capability with its newest
    resources and a link to all of them in the library."""

    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Model National Response page")

    def get_context(self, request, *args, **kwargs):
        from portal.queries import fetch_lists

        context = super().get_context(request, *args, **kwargs)
        found = fetch_lists(
            domains=(MNRDomain.objects.all(), ["number", "name", "description"]),
            capabilities=(
                MNRCapability.objects.all(),
                ["domain_id", "number", "name", "description"],
            ),
            library=(ResourceIndexPage.objects.live().order_by("path"), ["url_path"]),
        )
        resources = newest_resources_by_capability(MNR_RESOURCES_PER_CAPABILITY, request)
        domains = {domain.pk: domain for domain in found["domains"]}
        for domain in domains.values():
            domain.capability_list = []
        for capability in found["capabilities"]:
            capability.newest, capability.total = resources.get(capability.number, ([], 0))
            domains[capability.domain_id].capability_list.append(capability)
        context["domains"] = list(domains.values())
        context["library"] = next(iter(found["library"]), None)
        return context
