"""
Pictures people upload (clinic photos here, article pictures in the articles app): only JPEG,
PNG or WebP of a sane size, re-encoded with Pillow so that EXIF data (GPS position, camera
serial numbers) and anything appended to the file is dropped, and resized into thumbnails.

Decompression bombs are refused from the header alone: `Image.open` reads the size without
decoding a pixel, so a 50,000 × 50,000 PNG of a few hundred bytes costs no memory.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from PIL import Image, ImageOps

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 × 5000: far beyond any photo we show, far below a bomb.
# Longest side of the two thumbnails a photo is resized into: cards/lists, and the profile.
THUMBNAIL_SIZES = {"small": 480, "large": 1280}


def _open(upload):
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            "The picture is larger than 10 MB. Please upload a smaller file.", code="too_big"
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise ValidationError(
                "Please upload a JPEG, PNG or WebP picture.", code="unsupported_format"
            )
        # The header gives the size before any pixel is decoded: refuse bombs here.
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(
                "The picture has too many pixels (more than 40 megapixels). "
                "Please make it smaller.",
                code="too_many_pixels",
            )
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(
            "The picture has too many pixels (more than 40 megapixels). Please make it smaller.",
            code="too_many_pixels",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can read. Please upload a JPEG, PNG or WebP picture.",
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    return image


def validate_image(upload):
    """Field validator: the upload is a picture we accept."""
    _open(upload)


def _encode(image, kind, name):
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"quality": 85, "optimize": True} if kind in ("JPEG", "WEBP") else {}
    image.save(buffer, format=kind, **options)
    return ContentFile(buffer.getvalue(), name=name)


def reencode(upload):
    """A clean copy of the upload: same format, no metadata, turned upright."""
    image = _open(upload)
    kind = image.format
    image = ImageOps.exif_transpose(image)
    name = PurePath(upload.name).stem or "picture"
    return _encode(image, kind, f"{name}.{FORMATS[kind]}")


def thumbnails(upload):
    """(small, large): copies whose longest side is at most THUMBNAIL_SIZES, same format."""
    image = _open(upload)
    kind = image.format
    image = ImageOps.exif_transpose(image)
    stem = PurePath(upload.name).stem or "picture"
    made = []
    for label, side in THUMBNAIL_SIZES.items():
        copy = image.copy()
        copy.thumbnail((side, side))
        made.append(_encode(copy, kind, f"{stem}-{label}.{FORMATS[kind]}"))
    return tuple(made)


def delete_files_with_photos():
    """
    Connected by providers.apps: a deleted photo's three files go with it, however it is deleted
    (one by one, "delete selected" in the admin, with its provider), once the deletion commits.
    """
    from providers.models import Photo

    post_delete.connect(_photo_deleted, sender=Photo, dispatch_uid="providers.photo-files")


def _photo_deleted(sender, instance, using, **kwargs):
    files = [(file.storage, file.name) for file in instance.files()]

    def delete():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete, using=using)
