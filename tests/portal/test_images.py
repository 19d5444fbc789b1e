"""Image uploads: refused from the header above the pixel limit, re-encoded when accepted.

The files are real images: a decompression bomb (a PNG of a few kilobytes describing 144
million pixels, written by hand as the issue's was) and photographs with EXIF metadata.
"""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from members.factories import MemberContactFactory, MemberOrganisationFactory
from members.models import MemberContact
from portal.factories import UserFactory
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.django_db


def _chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width=12_000, height=12_000):
    """A one-bit greyscale PNG of ``width`` by ``height`` black pixels, compressed to a few KB."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def photo_jpeg(size=(3000, 1000), orientation=6):
    """A JPEG with EXIF: a camera's orientation (turned 90°) and a GPS position."""
    image = PILImage.new("RGB", size, (200, 30, 30))
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (46.0, 12.0, 0.0)}  # GPSInfo: the place the photo was taken
    exif[0x010F] = "Camera maker"
    out = BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def png(size=(400, 200), mode="RGBA"):
    out = BytesIO()
    image = PILImage.new(mode, size, (0, 120, 200, 128) if mode == "RGBA" else 0)
    image.info["comment"] = "private note"
    image.save(out, "PNG")
    return out.getvalue()


def stored(image):
    image.file.open()
    try:
        with PILImage.open(image.file) as decoded:
            decoded.load()
            return decoded.format, decoded.size, decoded.getexif(), dict(decoded.info)
    finally:
        image.file.close()


def test_the_bomb_is_small_and_huge():
    data = bomb_png()
    assert len(data) < 40 * 1024
    # Pillow warns (its own limit is higher than ours) but reads the header.
    with (
        pytest.warns(PILImage.DecompressionBombWarning),
        PILImage.open(BytesIO(data)) as header_only,
    ):
        assert header_only.size == (12_000, 12_000)


def test_the_pixel_limit_is_set_explicitly(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_IMAGE_FORM_BASE == "portal.images.ImageForm"


# --- A member's logo ---------------------------------------------------------------------------


@pytest.fixture
def manager(client, site):
    person = UserFactory(email="contact@example.org")
    organisation = MemberOrganisationFactory(name="Safe Kids Online", logo=None)
    MemberContactFactory(organisation=organisation, user=person, role=MemberContact.Role.PRIMARY)
    client.force_login(person)
    return client, organisation, f"/dashboard/organisations/{organisation.slug}/"


def post_logo(client, url, name, data, content_type):
    return client.post(
        url,
        {
            "save_profile": "1",
            "website": "https://safekids.example.org",
            "description": "What we do.",
            "logo_file": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


def test_a_logo_of_too_many_pixels_is_refused_with_the_limit(manager):
    client, organisation, url = manager
    response = post_logo(client, url, "logo.png", bomb_png(), "image/png")
    assert response.status_code == 200
    page = soup(response)
    error = " ".join(page.select_one("#id_logo_file").find_parent().get_text().split())
    assert "12000 × 12000 pixels" in error and "144.0 million" in error
    assert "at most 40.0 million pixels" in error
    # What was typed is kept, and nothing was stored.
    assert page.select_one("#id_description").get_text().strip() == "What we do."
    organisation.refresh_from_db()
    assert organisation.logo is None
    assert not get_image_model().objects.exists()


def test_an_accepted_logo_is_stored_re_encoded_upright_small_and_without_metadata(manager):
    client, organisation, url = manager
    response = post_logo(client, url, "../../logo.jpeg", photo_jpeg(), "image/jpeg")
    assert response.status_code == 302
    organisation.refresh_from_db()
    image_format, size, exif, _info = stored(organisation.logo)
    assert image_format == "JPEG"
    assert size == (267, 800)  # 3000 by 1000 turned upright, then at most 800 a side
    assert (organisation.logo.width, organisation.logo.height) == size
    assert dict(exif) == {}  # no orientation, no GPS position, no camera
    assert organisation.logo.file.name.endswith("logo.jpg")
    assert ".." not in organisation.logo.file.name


def test_a_png_logo_keeps_its_transparency_and_loses_its_comments(manager):
    client, organisation, url = manager
    assert post_logo(client, url, "logo.png", png(), "image/png").status_code == 302
    organisation.refresh_from_db()
    image_format, size, _exif, info = stored(organisation.logo)
    assert image_format == "PNG" and size == (400, 200)
    assert "comment" not in info
    organisation.logo.file.open()
    with PILImage.open(organisation.logo.file) as decoded:
        assert decoded.mode == "RGBA" and decoded.getpixel((0, 0))[3] == 128
    organisation.logo.file.close()


def test_a_logo_that_is_not_png_or_jpeg_is_refused(manager):
    client, organisation, url = manager
    out = BytesIO()
    PILImage.new("RGB", (10, 10)).save(out, "GIF")
    response = post_logo(client, url, "logo.gif", out.getvalue(), "image/gif")
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.logo is None


# --- The Wagtail admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, site):
    admin = UserFactory(
        email="admin@example.org", is_superuser=True, is_staff=True, totp_secret=STAFF_TOTP_SECRET
    )
    client.force_login(admin)
    return client


def test_the_admin_refuses_an_image_of_too_many_pixels(admin_client):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Bomb", "file": SimpleUploadedFile("bomb.png", bomb_png(), "image/png")},
    )
    assert response.status_code == 200
    assert "at most 40.0 million pixels" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_admin_stores_images_re_encoded_without_metadata(admin_client, settings):
    settings.IMAGES_MAX_SIDE = 1000
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Summit",
            "file": SimpleUploadedFile("summit.jpg", photo_jpeg(), "image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    image_format, size, exif, _info = stored(image)
    assert image_format == "JPEG" and size == (333, 1000) and dict(exif) == {}
    assert (image.width, image.height) == size


def test_the_admin_multiple_upload_refuses_the_bomb_and_re_encodes(admin_client):
    refused = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bomb.png", bomb_png(), "image/png")},
    )
    assert refused.json()["success"] is False
    assert "at most 40.0 million pixels" in refused.json()["error_message"]
    accepted = admin_client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("photo.jpg", photo_jpeg(), "image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert accepted.json()["success"] is True
    image = get_image_model().objects.get()
    _format, size, exif, _info = stored(image)
    assert size == (1000, 3000) and dict(exif) == {}


def test_an_image_beyond_what_pillow_even_reads_is_refused_clearly(admin_client):
    refused = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bomb.png", bomb_png(20_000, 20_000), "image/png")},
    )
    assert refused.json()["success"] is False
    assert "more than 179 million pixels" in refused.json()["error_message"]
    assert "at most 40.0 million pixels" in refused.json()["error_message"]
