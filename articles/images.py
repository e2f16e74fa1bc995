"""
Pictures editors upload: the same checks and re-encoding as clinic photos (providers.images):
only JPEG, PNG or WebP of a sane size, without EXIF data or anything appended.
"""

from providers.images import FORMATS, MAX_BYTES, MAX_PIXELS, reencode, validate_image

__all__ = ["FORMATS", "MAX_BYTES", "MAX_PIXELS", "reencode", "validate_image"]
