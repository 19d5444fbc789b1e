from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import lift_refused_message
from .i18n import in_locale_first, one_translation_each, reader_language
from .models import (
    Language,
    MNRCapability,
    MNRDomain,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
)
from .services import (
    lifts_restrictions,
    may_lift_document_restrictions,
    public,
    secure_resource_documents,
)

HOME_RESOURCES = 4
HOME_NEWS = 3


class MNRDomainViewSet(SnippetViewSet):
    model = MNRDomain
    icon = "folder-open-inverse"
    menu_label = _("Domains")
    list_display = ["number", "name"]
    ordering = ["number"]


class MNRCapabilityViewSet(SnippetViewSet):
    model = MNRCapability
    icon = "tick-inverse"
    menu_label = _("Capabilities")
    list_display = ["number", "name", "domain"]
    list_filter = ["domain"]
    search_fields = ["name", "description"]
    ordering = ["number"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    list_display = ["name", "code"]


class LibraryViewSetGroup(SnippetViewSetGroup):
    items = (MNRDomainViewSet, MNRCapabilityViewSet, LanguageViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Library and MNR")
    menu_name = "library"
    menu_order = 300


register_snippet(LibraryViewSetGroup)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def secure_documents_of_members_only_resource(request, page):
    """As soon as an editor saves a members-only resource (even a draft), its documents move
    to the private collection: they are never reachable by their address in the meantime."""
    if isinstance(page, ResourcePage):
        secure_resource_documents(page)


@hooks.register("before_bulk_action")
def keep_restricted_documents_restricted(request, action_type, objects, action_class_instance):
    """The bulk "add to collection" of documents and images obeys the document form's rule:
    only a moderator moves an item out of a restricted collection."""
    if action_type != "add_to_collection" or may_lift_document_restrictions(request.user):
        return None
    collection = action_class_instance.cleaned_form.cleaned_data.get("collection")
    refused = [item for item in objects if collection and lifts_restrictions(item, collection)]
    if not refused:
        return None
    for item in refused:
        messages.error(request, lift_refused_message(item))
    return redirect(action_class_instance.next_url)


@hooks.register("home_page_panels")
def latest_resources_panel(request, page):
    """The newest resources, one translation of each (the reader's language, else the
    source's), and the library of the home page's locale."""
    resources = list(
        one_translation_each(public(ResourcePage.objects.live()), reader_language())
        .order_by("-first_published_at", "-pk")
        .only("id", "title", "url_path", "path", "depth", "summary", "access", "resource_type")[
            :HOME_RESOURCES
        ]
    )
    if not resources:
        return None
    return {
        "template": "resources/includes/home_resources.html",
        "order": 40,
        "resources": resources,
        "library": in_locale_first(ResourceIndexPage.objects.live(), page),
    }


@hooks.register("home_page_panels")
def latest_news_panel(request, page):
    """The latest news, one translation of each, and the news index of the home page's
    locale."""
    news = list(
        one_translation_each(public(NewsPage.objects.live()), reader_language())
        .order_by("-date", "-pk")
        .only("id", "title", "url_path", "path", "depth", "summary", "date")[:HOME_NEWS]
    )
    if not news:
        return None
    return {
        "template": "resources/includes/home_news.html",
        "order": 30,
        "news": news,
        "news_index": in_locale_first(NewsIndexPage.objects.live(), page),
    }
