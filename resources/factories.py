"""Factories shared by the tests and by ``seed_demo``."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model

from portal.factories import paragraph
from portal.pdf import simple_pdf

from .i18n import source_capabilities, source_domains
from .models import (
    Language,
    MNRCapabilityPage,
    MNRDomainPage,
    MNRPage,
    NewsIndexPage,
    NewsPage,
    ResourceCountry,
    ResourceDocument,
    ResourceIndexPage,
    ResourcePage,
    ResourceRegion,
)
from .services import private_collection


def make_pdf_document(title, lines=(), private=False, filename=None):
    """A real one-page PDF stored as a Wagtail document (in the members-only collection when
    ``private``)."""
    Document = get_document_model()
    document = Document(title=title)
    if private:
        document.collection = private_collection()
    name = filename or f"{slugify(title)[:60] or 'document'}.pdf"
    document.file.save(name, ContentFile(simple_pdf(title, lines)), save=False)
    document.save()
    return document


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Library"
    slug = "resources"
    introduction = "Guides, reports, toolkits and laws that show what works."

    class Meta:
        model = ResourceIndexPage


class MNRPageFactory(wagtail_factories.PageFactory):
    title = "The Model National Response"
    slug = "mnr"
    introduction = "Six domains and twenty-one capabilities that a national response needs."

    class Meta:
        model = MNRPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    """A resource. Extra arguments: ``capabilities=[numbers]``, ``languages=[codes]``,
    ``countries=[ISO codes]``, ``regions=[M49 codes]``, ``documents=[Document]``."""

    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = factory.Faker("sentence", nb_words=18)
    body = factory.LazyFunction(lambda: [paragraph("<p>What the resource says.</p>")])
    resource_type = ResourcePage.Type.GUIDE
    access = ResourcePage.Access.PUBLIC
    publication_date = factory.Sequence(
        lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
    )
    publisher_name = "Alliance Secretariat"

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    @factory.post_generation
    def capabilities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.capabilities.set(source_capabilities().filter(number__in=extracted))
            obj.capabilities.commit()

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(Language.objects.filter(code__in=extracted))
            obj.languages.commit()

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            for order, code in enumerate(extracted):
                ResourceCountry.objects.update_or_create(
                    page=obj, country=code, defaults={"sort_order": order}
                )

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            for order, code in enumerate(extracted):
                ResourceRegion.objects.update_or_create(
                    page=obj, region=code, defaults={"sort_order": order}
                )

    @factory.post_generation
    def documents(obj, create, extracted, **kwargs):
        if create and extracted:
            for order, document in enumerate(extracted):
                ResourceDocument.objects.update_or_create(
                    page=obj, document=document, defaults={"sort_order": order}
                )


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "Announcements from the secretariat."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    summary = factory.Faker("sentence", nb_words=16)
    body = factory.LazyFunction(lambda: [paragraph("<p>The announcement.</p>")])

    class Meta:
        model = NewsPage


class MNRDomainPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda page: page.domain.name)
    slug = factory.LazyAttribute(lambda page: slugify(page.domain.name))

    class Meta:
        model = MNRDomainPage


class MNRCapabilityPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda page: page.capability.name)
    slug = factory.LazyAttribute(lambda page: slugify(page.capability.name))
    definition = factory.LazyAttribute(lambda page: f"<p>{page.capability.description}</p>")

    class Meta:
        model = MNRCapabilityPage


def build_capability_pages(mnr, *, content=None):
    """A live page for each MNR domain and capability under ``mnr``
    (``/mnr/<domain>/<capability>/``), with the seeded text of ``resources.mnr_content`` (or the
    one-line description without it). Pages that exist are kept as editors left them."""
    from . import mnr_content

    pages = {}
    for domain in source_domains().prefetch_related("capabilities"):
        domain_page = MNRDomainPage.objects.filter(domain=domain).first()
        if domain_page is None:
            domain_page = MNRDomainPageFactory(
                parent=mnr,
                domain=domain,
                introduction=mnr_content.rich_text(
                    mnr_content.DOMAIN_INTRODUCTIONS.get(domain.number, "")
                )
                if content
                else "",
            )
        for capability in domain.capabilities.all():
            page = MNRCapabilityPage.objects.filter(capability=capability).first()
            if page is None:
                fields = {}
                text = mnr_content.CAPABILITIES.get(capability.number) if content else None
                if text:
                    definition, why, practice, further = text
                    fields = {
                        "definition": mnr_content.rich_text(definition),
                        "why_it_matters": mnr_content.rich_text(why),
                        "good_practice": mnr_content.rich_text("", practice),
                        "further_guidance": mnr_content.rich_text(further),
                        "source": mnr_content.SOURCE,
                        "source_url": mnr_content.SOURCE_URL,
                    }
                page = MNRCapabilityPageFactory(parent=domain_page, capability=capability, **fields)
            pages[capability.number] = page
    return pages
