"""The contract every backend fulfils (``search.service.search`` calls it)."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Facets a query may ask for, in the order the page shows them.
FACETS = ("kind", "category", "country", "region", "capability", "language")
SNIPPET_LENGTH = 240


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    language: str
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    date: object = None
    score: float = 0.0


@dataclass
class Results:
    hits: list
    total: int
    # {facet: [(value, count), …]}, disjunctive: each facet's counts keep the other facets'
    # filters and drop its own.
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    backend: str = ""


class SearchBackend:
    name = ""
    has_own_index = False

    def search(self, query, filters, facets, visibility, language, offset, limit):
        """``Results`` for ``query`` (already cleaned; may be empty: then every visible document
        matches), ``filters`` ({facet: [values]}), the ``facets`` to count, what the person may
        see (``search.visibility.Visibility``), their language (ties go to documents in it)."""
        raise NotImplementedError

    def count(self, query, visibility):
        raise NotImplementedError

    def suggest_words(self, words):
        """{word: closest known word} for the words of a query that look mistyped."""
        raise NotImplementedError

    def complete(self, prefix, visibility, limit):
        """Titles of visible documents for suggestions as one types: [(title, url)]."""
        raise NotImplementedError

    # Own index (Elasticsearch) only.
    def has_index(self):
        return True

    def add(self, documents):
        pass

    def remove(self, keys):
        pass


def highlight(text, words, length=SNIPPET_LENGTH):
    """A window of ``text`` around the first matched word, escaped, with the words marked (the
    database backend on SQLite, and titles everywhere)."""
    text = " ".join(str(text).split())
    words = [word for word in words if word]
    start = 0
    if words and length:
        pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - length // 3)
            if start:  # begin at a word
                space = text.find(" ", start, found.start())
                start = space + 1 if space != -1 else start
    excerpt = text[start : start + length] if length else text
    prefix = "… " if start else ""
    suffix = " …" if length and start + length < len(text) else ""
    escaped = escape(excerpt)
    if words:
        pattern = re.compile("|".join(re.escape(escape(word)) for word in words), re.IGNORECASE)
        escaped = pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped)
    return mark_safe(f"{prefix}{escaped}{suffix}")  # noqa: S308 - escaped above


def marked(headline, start="\x02", stop="\x03"):
    """A headline from the engine, with its own markers around matches, as safe HTML."""
    escaped = escape(" ".join(str(headline).split()))
    return mark_safe(escaped.replace(start, "<mark>").replace(stop, "</mark>"))  # noqa: S308
