"""The database backend's facet engine: for every facet value, a bitset (a Python ``int``) of the
documents that have it, bit *n* standing for the ``SearchDocument`` with primary key *n*; the
bitset of every document and their keys newest first, for listings without keywords.

A search then reads only the keys of the documents its text matches (one query), turns them
into a bitset, and counts each value with one AND and one ``bit_count()``: no join of the
matches with their facet values, however many there are (the library's facet table,
``resources.filters``, works the same way).

The table is kept in the content cache under the content version (``portal.content_version``)
and in the process for that version. Index writes move the version once they commit
(``search.indexing``), so a table is never read after the documents it was built from changed.
With the version unknown (cache unreachable) the table is built for the request alone.
"""

import threading

from portal import content_version

from .models import SearchDocument, SearchFacetValue

_local = threading.local()
# "v2" names the table's layout: a deploy that changes it never reads an older one.
NAME = "search-facet-table:v2"


def build():
    """``{"values": {facet: {value: bitset}}, "documents": bitset of every document,
    "newest": every document's key, newest first}`` (the order of a listing without keywords:
    date, then title, then key), with two queries."""
    positions = {}
    for facet, value, document_id in SearchFacetValue.objects.values_list(
        "facet", "value", "document_id"
    ).iterator(chunk_size=20_000):
        positions.setdefault(facet, {}).setdefault(value, []).append(document_id)
    rows = list(SearchDocument.objects.values_list("pk", "date", "title").iterator(20_000))
    rows.sort(key=lambda row: (-(row[1].toordinal() if row[1] else 0), row[2], row[0]))
    return {
        "values": {
            facet: {value: to_bitset(keys) for value, keys in values.items()}
            for facet, values in positions.items()
        },
        "documents": to_bitset([row[0] for row in rows]),
        "newest": [row[0] for row in rows],
    }


def to_bitset(keys):
    """The bitset of integer ``keys`` (built through a bytearray: linear in their number)."""
    if not keys:
        return 0
    bits = bytearray(max(keys) // 8 + 1)
    for key in keys:
        bits[key >> 3] |= 1 << (key & 7)
    return int.from_bytes(bits, "little")


def membership(bits):
    """A test of whether a key is set in ``bits``, quick over many keys: one copy of the bits
    as bytes, then an index per key (a shift of the whole ``int`` per key would copy it each
    time)."""
    data = bits.to_bytes(max(1, (bits.bit_length() + 7) // 8), "little")
    size = len(data)

    def contains(key):
        return key >> 3 < size and data[key >> 3] >> (key & 7) & 1

    return contains


def table():
    version = content_version.current()
    if version is content_version.UNKNOWN:
        return build()
    memo = getattr(_local, "table", None)
    if memo is not None and memo[0] == version:
        return memo[1]
    built = content_version.cached(None, NAME, build)
    _local.table = (version, built)
    return built


def forget():
    """Tests: drop the process's copy."""
    _local.__dict__.pop("table", None)
