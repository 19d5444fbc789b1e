"""``{% contentcache %}``: a template fragment kept under the content version.

    {% load content_cache %}
    {% contentcache "library-facets" page.pk filter.cache_key %}
        … markup that shows published content only …
    {% endcontentcache %}

Django's ``{% cache %}``, keyed besides on what the tag names on the content version
(``portal.content_version``: it moves when published content changes, so a fragment is never
stale), the request's Wagtail site and the active language. For a fragment that is the same for
everyone who may see the page it is on: nothing of the reader goes into the key.

- With the content version unknown (the cache unreachable), the fragment is rendered every
  time and nothing is stored.
- At most ``MAX_VARIANTS`` fragments of one name are stored per content version and language
  (as the page cache bounds its query strings): a crawler or an attacker varying a query string
  cannot fill the cache with fragments. Over the bound, the fragment is rendered every time.
- The tag renders its content only on a miss: what the content reads lazily (a method called
  from the template) is not read at all on a hit.
"""

import logging

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from wagtail.models import Site

from portal import content_version
from portal.cache import count
from portal.content_version import CACHE_ERRORS, UNKNOWN

register = template.Library()
logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60
MAX_VARIANTS = 500
VARIANTS_KEY = "contentcache:{name}:{language}:{version}:variants"


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        version = UNKNOWN if request is None else content_version.for_request(request)
        if version is UNKNOWN:
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        language = translation.get_language() or ""
        vary_on = [
            version,
            site.pk if site is not None else "",
            language,
            *(variable.resolve(context) for variable in self.vary_on),
        ]
        key = make_template_fragment_key(self.name, vary_on)
        cache = content_version.content_cache()
        try:
            fragment = cache.get(key)
        except CACHE_ERRORS as exc:
            logger.warning("Fragment cache unreachable, %s rendered: %s", self.name, exc)
            return self.nodelist.render(context)
        if fragment is not None:
            return fragment
        fragment = self.nodelist.render(context)
        try:
            if within_variant_bound(cache, self.name, language, version):
                cache.set(key, fragment, TIMEOUT)
        except CACHE_ERRORS as exc:
            logger.warning("Fragment cache unreachable, %s not stored: %s", self.name, exc)
        return fragment


def within_variant_bound(cache, name, language, version):
    """Count one more stored fragment of ``name`` in ``language`` under ``version``; false once
    over the bound."""
    key = VARIANTS_KEY.format(name=name, language=language, version=version)
    return count(cache, key, TIMEOUT) <= MAX_VARIANTS


@register.tag("contentcache")
def do_contentcache(parser, token):
    """``{% contentcache "name" [var …] %}…{% endcontentcache %}``: the name is a literal."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a quoted fragment name, then what the fragment varies with."
        )
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]
    )
