"""Pictures editors upload are checked and re-encoded, so no metadata or payload survives."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import reencode, validate_image
from articles.models import ArticleImage
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def picture(kind="JPEG", size=(40, 30), mode="RGB", exif=None, trailer=b"", name=None):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, "teal" if mode == "RGB" else 1).save(buffer, format=kind, **options)
    return SimpleUploadedFile(name or f"photo.{kind.lower()}", buffer.getvalue() + trailer)


def with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[GPS_TAG] = {1: "N", 2: (1.0, 17.0, 0.0)}
    return exif


def test_a_jpeg_is_stored_without_its_metadata_or_trailing_bytes():
    upload = picture(exif=with_gps(), trailer=b"<script>alert(1)</script>")
    stored = ArticleImage.objects.create(image=upload, alt_text="A stretch")
    with stored.image.open("rb") as handle:
        data = handle.read()
    assert b"<script>" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)
        assert not image.getexif()


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(kind):
    stored = ArticleImage.objects.create(image=picture(kind), alt_text="A diagram")
    assert stored.image.name.endswith("." + kind.lower())


def test_other_formats_are_refused():
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        validate_image(picture("GIF"))


def test_a_file_that_is_not_a_picture_is_refused():
    with pytest.raises(ValidationError, match="not a picture"):
        validate_image(SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>"))


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = picture("PNG", size=(10_000, 5_000), mode="1")
    assert bomb.size < 1_000_000
    with pytest.raises(ValidationError, match="too many pixels"):
        reencode(bomb)


def test_an_editor_uploads_a_picture_and_uses_it_as_a_hero(editor_client, client):
    response = editor_client.post(
        "/admin/articles/articleimage/add/",
        {"image": picture(exif=with_gps()), "alt_text": "A therapist at work", "credit": ""},
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    article = ArticleFactory(hero_image=image)
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{image.image.url}" alt="A therapist at work">' in content
    assert '<meta property="og:image:alt" content="A therapist at work">' in content


def test_the_admin_refuses_a_gif(editor_client):
    response = editor_client.post(
        "/admin/articles/articleimage/add/", {"image": picture("GIF"), "alt_text": "Animated"}
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not ArticleImage.objects.exists()


def test_an_image_in_the_body_from_our_media_is_shown():
    stored = ArticleImage.objects.create(image=picture(), alt_text="A stretch")
    article = ArticleFactory(body=stored.markdown())
    assert f'src="{stored.image.url}"' in article.body_html
