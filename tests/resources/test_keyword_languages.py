"""The library's keywords, through the site-wide search's contract (search.service.ranked_ids),
are stemmed in each resource's own language on PostgreSQL (search.models.REGCONFIGS): a French,
Spanish or Arabic resource is found by another form of its words."""

import pytest
from django.db import connection

from resources.factories import ResourcePageFactory
from tests.resources.conftest import result_titles, translate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stemming per language is PostgreSQL's"
    ),
]


@pytest.mark.parametrize(
    ("language", "title", "keywords"),
    [
        ("fr", "Signaler les abus", "signalé"),
        # (Snowball's Spanish stemmer gives "línea" and "líneas" different stems.)
        ("es", "Líneas de denuncia", "denuncias"),
        ("ar", "المكتبات الرقمية", "مكتبة"),
    ],
)
def test_keywords_are_stemmed_in_the_resources_language(
    client, library, search_index, language, title, keywords
):
    translate(library, language)
    source = ResourcePageFactory(parent=library, title="Source in English")
    translate(source, language, title=title)
    search_index()

    response = client.get(f"/{language}/resources/", {"q": keywords})

    assert result_titles(response) == [title]


def test_english_keywords_keep_their_own_stemming(client, library, search_index):
    ResourcePageFactory(parent=library, title="Reporting hotlines")
    search_index()

    assert result_titles(client.get("/resources/", {"q": "hotline"})) == ["Reporting hotlines"]
    assert result_titles(client.get("/resources/", {"q": "zebra"})) == []
