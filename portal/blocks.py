"""StreamField blocks shared by the portal's pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.forms.utils import ErrorList
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


def in_active_language(url):
    """A site-relative address of one of the portal's own views (``/members/``, ``/join/``)
    under the active language's prefix (``/ar/members/``); any other address as it is. Pages of
    the tree are left alone: a link to a page is a page chooser's, which follows translations."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    language = translation.get_language() or settings.LANGUAGE_CODE
    # Resolved as written (unprefixed: the default language), reversed in the active one.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return url
        if match.url_name == "wagtail_serve":
            return url
        return translate_url(url, language)


class LinkStructValue(blocks.StructValue):
    """A link to a page leads to the page's translation in the reader's language where one is
    live (Wagtail's ``Page.localized``), named by that translation's title: an editor's label
    is written in one language, so it names a page link only where the link leads to the page
    chosen. A link to another address keeps its label."""

    def page_shown(self):
        page = self.get("page")
        return page.localized if page is not None else None

    def href(self):
        page = self.page_shown()
        if page is not None:
            return page.url
        return in_active_language(self.get("url") or "")

    def text(self):
        page, shown = self.get("page"), self.page_shown()
        if shown is not None and shown.pk != page.pk:
            return shown.title
        label = self.get("label")
        if label:
            return label
        return page.title if page is not None else self.get("url", "")

    def language_code(self):
        """The language of the text: the page shown's, else the label's, taken to be written
        in the default language (``LANGUAGE_CODE``)."""
        page, shown = self.get("page"), self.page_shown()
        if shown is not None and (shown.pk != page.pk or not self.get("label")):
            return shown.locale.language_code
        return settings.LANGUAGE_CODE


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to another address, with an optional label."""

    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or an address"))
    label = blocks.CharBlock(
        required=False, max_length=80, label=_("Label"), help_text=_("Defaults to the page title.")
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if has_page == has_url:
            message = (
                _("Choose either a page or an address, not both.")
                if has_page
                else _("Choose a page or enter an address.")
            )
            raise StructBlockValidationError(block_errors={"page": ErrorList([message])})
        if has_url and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ErrorList([_("A link to an address needs a label.")])}
            )
        return value


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=150, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=150, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    link = LinkBlock(label=_("Button link"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        template="blocks/paragraph_block.html",
        label=_("Paragraph"),
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
