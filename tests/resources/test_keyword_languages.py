"""The library's keywords are stemmed in each resource's own language on PostgreSQL
(resources.i18n.SEARCH_CONFIGS): a French, Spanish or Arabic resource is found by another form
of its words, which the search backend's single (English) stemming misses."""

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
        ("es", "Líneas de denuncia", "línea"),
        ("ar", "المكتبات الرقمية", "مكتبة"),
    ],
)
def test_keywords_are_stemmed_in_the_resources_language(client, library, language, title, keywords):
    translate(library, language)
    source = ResourcePageFactory(parent=library, title="Source in English")
    translate(source, language, title=title)

    response = client.get(f"/{language}/resources/", {"q": keywords})

    assert result_titles(response) == [title]


def test_english_keywords_keep_their_own_stemming(client, library):
    ResourcePageFactory(parent=library, title="Reporting hotlines")

    assert result_titles(client.get("/resources/", {"q": "hotline"})) == ["Reporting hotlines"]
    assert result_titles(client.get("/resources/", {"q": "zebra"})) == []
