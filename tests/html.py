"""Reading the HTML the portal answers, in tests: one parser, one helper."""

from bs4 import BeautifulSoup


def soup(page):
    """The parsed HTML of ``page``: a response, or markup as text or bytes (a rendered template,
    an e-mail's HTML part, an HTML field of a JSON answer)."""
    return BeautifulSoup(getattr(page, "content", page), "html.parser")
