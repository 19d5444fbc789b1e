"""StreamField blocks shared by the portal's pages."""

from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class LinkStructValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        if page is not None:
            return page.url
        return self.get("url") or ""

    def text(self):
        label = self.get("label")
        if label:
            return label
        page = self.get("page")
        return page.title if page is not None else self.get("url", "")


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
