"""
Pictures editors upload: the same checks and re-encoding as clinic photos (providers.images):
only JPEG, PNG or WebP of a sane size, without EXIF data or anything appended.
"""

from providers.images import FORMATS, MAX_BYTES, MAX_PIXELS, prepare, reencode, validate_image

__all__ = ["FORMATS", "MAX_BYTES", "MAX_PIXELS", "reencode", "validate_image"]


def validate_decodable_image(upload):
    """
    Field validator: the upload is a picture we take and can decode. Editors' pictures are
    re-encoded when saved, in the request (they are few): a file that cannot be decoded is
    refused in the form, not met in save().
    """
    prepare(upload)
