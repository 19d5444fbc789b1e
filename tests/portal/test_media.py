"""Uploads and their addresses: images are public, documents and letters are not.

A members-only document's bytes come only from Wagtail's permission-checked document view, in
development (DEBUG on) as in production; images are served to everyone in both.
"""

import gc
import importlib
import os
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from members.storage import private_root
from resources.factories import make_pdf_document

SECRET = "Marrowgate"  # only inside the private PDF


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def urls(request, settings):
    """The portal's URLs as built with DEBUG off and on (the module is read again)."""
    import portal.urls

    settings.DEBUG = request.param
    importlib.reload(portal.urls)
    clear_url_caches()
    yield request.param
    with override_settings(DEBUG=False):
        importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def private_document(db):
    return make_pdf_document("Confidential annex", [f"The {SECRET} findings."], private=True)


@pytest.fixture
def private_letter():
    """A file in the private root (where letters of endorsement are stored)."""
    folder = Path(private_root()) / "applications" / "media-test"
    folder.mkdir(parents=True, exist_ok=True)
    letter = folder / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 " + SECRET.encode())
    yield letter
    letter.unlink()


def test_no_url_but_the_document_view_returns_a_private_document(
    client, site, member, urls, private_document, private_letter
):
    name = private_document.file.name  # documents/confidential-annex.pdf
    private_folder = os.path.basename(private_root())
    letter = private_letter.relative_to(private_root()).as_posix()
    attempts = [
        f"/media/{name}",
        f"/media/documents/{os.path.basename(name)}",
        f"/media/images/../{name}",
        f"/media/original_images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/images/..%2f{name}",
        f"/media/original_images/%2E%2E%2F{name}",
        f"/media/images/{settings.MEDIA_ROOT}/{name}",
        f"/media/images//{settings.MEDIA_ROOT}/{name}",
        "/media/documents/",
        f"/media/images/../../{private_folder}/{letter}",
        f"/media/{private_folder}/{letter}",
        f"/static/../media/{name}",
    ]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(member)
        for url in attempts:
            response = client.get(url)
            assert SECRET.encode() not in body(response), url
            assert response.status_code in (400, 404), (url, response.status_code)

    # The document view serves it to a member, and sends a visitor to sign in.
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert SECRET.encode() in body(response)
    client.logout()
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_images_are_served_to_everyone(client, site, urls):
    image = get_image_model().objects.create(title="Summit", file=get_test_image_file())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        rendition = image.get_rendition("fill-80x80")
        gc.collect()
    for url in (image.file.url, rendition.url):
        assert url.startswith(settings.MEDIA_URL)
        response = client.get(url)
        assert response.status_code == 200, url
        assert body(response).startswith(b"\x89PNG")
        assert response["Content-Type"] == "image/png"
        assert "public" in response["Cache-Control"]
    missing = client.get(f"{settings.MEDIA_URL}images/no-such-image.png")
    assert missing.status_code == 404
