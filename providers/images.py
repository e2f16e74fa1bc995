"""
Pictures people upload (clinic photos here, article pictures in the articles app): only JPEG,
PNG or WebP of a sane size, re-encoded with Pillow so that EXIF data (GPS position, camera
serial numbers), comments and anything appended to the file are dropped, and resized.

Checked from the header alone (`check`): `Image.open` reads the size without decoding a pixel,
so a 50,000 × 50,000 PNG of a few hundred bytes costs nothing, and anything over MAX_PIXELS is
refused before it is decoded. Then decoded once (`prepare`): a JPEG at the smallest scale that
still gives the largest size kept (`draft`), a PNG or WebP reduced by whole factors before it is
resampled; the stored picture and its thumbnails all come from that one decode.
"""

import io
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from PIL import Image, ImageOps

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 10 * 1024 * 1024
# 6000 × 4000, a 24-megapixel camera's photo: decoded, at most 96 MB (RGBA).
MAX_PIXELS = 24_000_000
# Longest side of what is kept: the picture itself (the site never shows it larger), and the
# two thumbnails (cards and lists, and the profile).
LONGEST_SIDE = 2560
THUMBNAIL_SIZES = {"small": 480, "large": 1280}

TOO_MANY_PIXELS = (
    "The picture has too many pixels (more than 24 megapixels, such as 6000 × 4000). "
    "Please make it smaller."
)


def check(upload):
    """The upload's picture, opened but not decoded, if it is one we take; else ValidationError."""
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
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can read. Please upload a JPEG, PNG or WebP picture.",
            code="unreadable",
        ) from error
    return image


def validate_image(upload):
    """Field validator: the upload is a picture we take (from its header; not decoded)."""
    check(upload)
    upload.seek(0)


@dataclass
class Prepared:
    """A picture re-encoded without its metadata, and its thumbnails by name."""

    image: ContentFile
    thumbnails: dict


def prepare(upload, thumbnail_sizes=()):
    """
    Decode the upload once: the picture turned upright, at most LONGEST_SIDE wide or high, and
    a thumbnail for each name in `thumbnail_sizes` (of THUMBNAIL_SIZES), in the same format.
    ValidationError when it cannot be read.
    """
    image = check(upload)
    kind = image.format
    stem = PurePath(upload.name).stem or "picture"
    try:
        if kind == "JPEG":
            image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), reducing_gap=3.0)
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can read. Please upload a JPEG, PNG or WebP picture.",
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    made = {}
    for label in thumbnail_sizes:
        side = THUMBNAIL_SIZES[label]
        small = image.copy()
        small.thumbnail((side, side), reducing_gap=3.0)
        made[label] = _encode(small, kind, f"{stem}-{label}.{FORMATS[kind]}")
    return Prepared(_encode(image, kind, f"{stem}.{FORMATS[kind]}"), made)


def reencode(upload):
    """A clean copy of the upload: same format, no metadata, upright, LONGEST_SIDE at most."""
    return prepare(upload).image


def _encode(image, kind, name):
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Nothing the upload carried (EXIF, ICC profile, comments, text chunks) is written again.
    image.info = {}
    buffer = io.BytesIO()
    options = {"quality": 85, "optimize": True} if kind in ("JPEG", "WEBP") else {}
    image.save(buffer, format=kind, **options)
    return ContentFile(buffer.getvalue(), name=name)


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
