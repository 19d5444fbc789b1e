"""Uploaded images: refused from their header when they are too large, re-encoded when accepted.

A small file can describe a huge image: a 32 KB PNG of 144 million pixels costs a gigabyte and
seconds of work the first time anything decodes it. Every image upload (the Wagtail admin's, a
member's logo) goes through ``UploadedImageField``, which reads only the header (Willow, then
Pillow's ``Image.open``) and refuses an image over ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (or over
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``) before any pixel is decoded. What it accepts is decoded once
and written again by ``reencode``: turned upright, at most ``max_side`` pixels on its longer
side, without its metadata (EXIF, with a camera's GPS position, comments, colour profiles).
"""

import os
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Pillow format name: (format written, file extension).
OUTPUT_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "GIF": ("GIF", "gif"),
    "WEBP": ("WEBP", "webp"),
}


def pixel_limit():
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


class UploadedImageField(WagtailImageField):
    """Wagtail's image field (format, file size and pixel count, read from the header), with a
    message that says how large the image is and what the limit is."""

    def check_image_pixel_size(self, f):
        limit = pixel_limit()
        try:
            with warnings.catch_warnings():
                # Pillow warns when a header announces more than its own limit (about 89 million
                # pixels): only the header is read here, and the limit below is lower.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                width, height = f.image.get_size()
                frames = f.image.get_frame_count()
        except Image.DecompressionBombError:
            # Over twice Pillow's limit: it refuses even to report the size.
            raise ValidationError(
                _(
                    "This image has more than %(pixels).0f million pixels; images can have at "
                    "most %(limit).1f million pixels. Save it smaller and upload it again."
                ),
                code="file_too_many_pixels",
                params={"pixels": 2 * Image.MAX_IMAGE_PIXELS / 1e6, "limit": limit / 1e6},
            ) from None
        if width * height * frames > limit:
            raise ValidationError(
                _(
                    "This image is %(width)d × %(height)d pixels%(frames)s, %(megapixels).1f "
                    "million in all; images can have at most %(limit).1f million pixels. Save "
                    "it smaller and upload it again."
                ),
                code="file_too_many_pixels",
                params={
                    "width": width,
                    "height": height,
                    "frames": _(" in %(count)d frames") % {"count": frames} if frames > 1 else "",
                    "megapixels": width * height * frames / 1e6,
                    "limit": limit / 1e6,
                },
            )
        super().check_image_pixel_size(f)


def reencode(upload, max_side):
    """A new file holding ``upload``'s image (already checked by ``UploadedImageField``) turned
    upright, at most ``max_side`` pixels wide and high, in the same format, without metadata."""
    upload.seek(0)
    with Image.open(upload) as original:
        if original.width * original.height * getattr(original, "n_frames", 1) > pixel_limit():
            # Callers check first; this guard keeps a caller that forgot from decoding a bomb.
            raise ValidationError(_("This image has too many pixels."), code="too_many_pixels")
        output_format, extension = OUTPUT_FORMATS.get(original.format, ("PNG", "png"))
        out = BytesIO()
        if getattr(original, "n_frames", 1) > 1 and output_format in ("GIF", "WEBP"):
            # An animation keeps its frames and timing; its size is bounded by the pixel limit.
            original.save(
                out,
                output_format,
                save_all=True,
                loop=original.info.get("loop", 0),
                duration=original.info.get("duration", 100),
            )
        else:
            image = ImageOps.exif_transpose(original)
            image.thumbnail((max_side, max_side))
            if output_format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
            elif output_format == "WEBP":
                image.save(out, "WEBP", quality=90)
            else:
                if output_format == "GIF" and image.mode not in ("P", "L"):
                    image = image.convert("P")
                image.save(out, output_format, optimize=True)
    stem = os.path.splitext(os.path.basename(upload.name or "image"))[0] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


class ImageForm(BaseImageForm):
    """The Wagtail admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): a new file is checked
    by ``UploadedImageField`` and stored re-encoded, at most ``IMAGES_MAX_SIDE`` pixels a side."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            checked = UploadedImageField(
                label=field.label, required=field.required, widget=field.widget
            )
            self.fields["file"] = checked

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            return reencode(upload, settings.IMAGES_MAX_SIDE)
        return upload
