"""The contract every backend fulfils (``search.service.search`` calls it)."""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string

# Facets a query may ask for, in the order the page shows them.
FACETS = ("kind", "category", "country", "region", "capability", "language")
SNIPPET_LENGTH = 240


@dataclass(frozen=True)
class Snippet:
    """A piece of a document's text as ``(text, matched)`` parts. The markup is the template's
    (``search/includes/snippet.html``: the text escaped, ``<mark>`` around matches); ``__html__``
    lets ``{{ hit.snippet }}`` render it."""

    parts: tuple = ()

    def __bool__(self):
        return any(text for text, _matched in self.parts)

    def __html__(self):
        return render_to_string("search/includes/snippet.html", {"snippet": self})

    __str__ = __html__


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    language: str
    snippet: "Snippet"  # the text around the matched words, which are marked
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

    def ranked_ids(self, kind, query, visibility, language, limit):
        """The ``source_id`` of at most ``limit`` documents of ``kind`` that ``query`` (not
        empty) matches for this person, most relevant first: for lists that filter, count and
        page their objects themselves (the library, through its facet table)."""
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
    """A window of ``text`` around the first matched word, with the words marked (the database
    backend on SQLite, and where an engine gave no highlight)."""
    text = " ".join(str(text).split())
    words = [word for word in words if word]
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    start = 0
    if words and length:
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - length // 3)
            if start:  # begin at a word
                space = text.find(" ", start, found.start())
                start = space + 1 if space != -1 else start
    excerpt = text[start : start + length] if length else text
    parts = [("… ", False)] if start else []
    if words:
        position = 0
        for match in pattern.finditer(excerpt):
            parts += [(excerpt[position : match.start()], False), (match.group(0), True)]
            position = match.end()
        parts.append((excerpt[position:], False))
    else:
        parts.append((excerpt, False))
    if length and start + length < len(text):
        parts.append((" …", False))
    return Snippet(tuple((piece, matched) for piece, matched in parts if piece))


def marked(headline, start="\x02", stop="\x03"):
    """A headline from an engine, with its own markers around matches."""
    text = " ".join(str(headline).split())
    parts = []
    for index, piece in enumerate(re.split(f"{re.escape(start)}(.*?){re.escape(stop)}", text)):
        if piece:
            parts.append((piece, index % 2 == 1))  # odd pieces are what the markers enclosed
    return Snippet(tuple(parts))
