"""
Pictures editors upload: only JPEG, PNG or WebP of a sane size, re-encoded with Pillow so that
EXIF data (GPS position, camera serial numbers) and anything appended to the file is dropped.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 × 5000: far beyond any article picture, far below a bomb.


def _open(upload):
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError("The picture is larger than 10 MB. Please upload a smaller file.")
    upload.seek(0)
    try:
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise ValidationError("Please upload a JPEG, PNG or WebP picture.")
        # The header gives the size before any pixel is decoded: refuse bombs here.
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError("The picture has too many pixels. Please make it smaller.")
        image.load()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not a picture we can read.") from error
    finally:
        upload.seek(0)
    return image


def validate_image(upload):
    """Field validator: the upload is a picture we accept."""
    _open(upload)


def reencode(upload):
    """A clean copy of the upload: same format, no metadata, turned upright."""
    image = _open(upload)
    kind = image.format
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"quality": 85, "optimize": True} if kind in ("JPEG", "WEBP") else {}
    image.save(buffer, format=kind, **options)
    name = PurePath(upload.name).stem or "picture"
    return ContentFile(buffer.getvalue(), name=f"{name}.{FORMATS[kind]}")
