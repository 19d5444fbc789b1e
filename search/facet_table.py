"""The database backend's facet engine: for every facet value, a bitset (a Python ``int``) of the
documents that have it, bit *n* standing for the ``SearchDocument`` with primary key *n*.

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

from .models import SearchFacetValue

_local = threading.local()
NAME = "search-facet-table"


def build():
    """{facet: {value: bitset}} from every facet value row."""
    positions = {}
    for facet, value, document_id in SearchFacetValue.objects.values_list(
        "facet", "value", "document_id"
    ).iterator(chunk_size=20_000):
        positions.setdefault(facet, {}).setdefault(value, []).append(document_id)
    return {
        facet: {value: to_bitset(keys) for value, keys in values.items()}
        for facet, values in positions.items()
    }


def to_bitset(keys):
    """The bitset of integer ``keys`` (built through a bytearray: linear in their number)."""
    if not keys:
        return 0
    bits = bytearray(max(keys) // 8 + 1)
    for key in keys:
        bits[key >> 3] |= 1 << (key & 7)
    return int.from_bytes(bits, "little")


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
