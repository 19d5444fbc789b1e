"""The blocks of a newsletter issue. They render through the e-mail's own templates
(``templates/newsletters/email/``), with absolute links, not through the site's block templates."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from portal.blocks import LinkBlock


class FeaturedResourcesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, label=_("Heading"))
    resources = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="resources.ResourcePage"), label=_("Resources")
    )

    class Meta:
        icon = "doc-full"
        label = _("Featured resources")


class NewsItemsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=150, label=_("Heading"))
    items = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="resources.NewsPage"), label=_("News items")
    )

    class Meta:
        icon = "list-ul"
        label = _("News items")


class UpcomingEventsBlock(blocks.StructBlock):
    """The next public events from the events app (``rendering.upcoming_events``), as many as
    the editor asks for; none when nothing is coming up."""

    heading = blocks.CharBlock(required=False, max_length=150, label=_("Heading"))
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=10, label=_("How many"))

    class Meta:
        icon = "date"
        label = _("Upcoming events")


class EmailImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(max_length=200, label=_("Text alternative"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Text"))
    link = LinkBlock()

    class Meta:
        icon = "pick"
        label = _("Call to action")


class IssueBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Text")
    )
    featured_resources = FeaturedResourcesBlock()
    upcoming_events = UpcomingEventsBlock()
    news_items = NewsItemsBlock()
    image = EmailImageBlock()
    call_to_action = CallToActionBlock()
