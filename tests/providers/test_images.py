"""
The upload set: what providers.images accepts, what it refuses and what it strips, and the
photos page that uses it.
"""

import io
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from providers import images
from providers.changes import generation
from providers.models import Photo
from tests.conftest import committed

GPS_IFD = 0x8825


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0110] = "Model 7"  # Model
    exif[GPS_IFD] = {1: "N", 2: (1.0, 17.0, 42.0), 3: "E", 4: (103.0, 51.0, 7.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size=(32, 24), colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb_header(width=50_000, height=50_000):
    """A PNG that claims width × height pixels: a header and no picture, a few dozen bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content):
    with pytest.raises(ValidationError) as error:
        images.validate_image(upload(name, content))
    return error.value


def test_a_jpeg_with_gps_exif_comes_out_without_it():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise

    clean = images.reencode(upload("holiday.jpg", original)).read()

    image = Image.open(io.BytesIO(clean))
    assert image.format == "JPEG"
    assert image.size == (64, 48)
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert 0x010F not in exif and 0x0110 not in exif
    assert b"Exif" not in clean
    assert b"SpyCam" not in clean


def test_a_png_with_html_appended_comes_out_clean():
    payload = b"<html><script>alert('owned')</script></html>"
    dirty = png_bytes() + payload

    clean = images.reencode(upload("room.png", dirty)).read()

    assert b"<script" not in clean and b"owned" not in clean
    image = Image.open(io.BytesIO(clean))
    assert image.format == "PNG" and image.size == (32, 24)


def test_a_jpeg_comment_and_a_png_text_chunk_do_not_survive():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "olive").save(
        buffer, format="JPEG", comment=b"<script>alert(1)</script>"
    )
    assert b"<script>" in buffer.getvalue()  # the test's premise
    text = chunk(b"tEXt", b"Comment\x00<script>alert(2)</script>")
    png = png_bytes()
    png = png[:33] + text + png[33:]  # after IHDR

    for name, content in [("a.jpg", buffer.getvalue()), ("b.png", png)]:
        prepared = images.prepare(upload(name, content), ["small", "large"])
        for made in [prepared.image, *prepared.thumbnails.values()]:
            assert b"<script>" not in made.read()


def one_colour_png(side):
    """A side × side RGBA PNG of one colour, compressed to a few hundred kB, made row by row."""
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x10\x80\x80\xff" * side
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_the_6324_square_png_is_refused_from_its_header_in_the_upload_form(client, clinics):
    png = one_colour_png(6324)
    client.force_login(clinics.alice)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = upload_form(client, clinics, "flat.png", png)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert "more than 24 megapixels" in response.content.decode()
    # Memory is the real check (decoding would take gigabytes); the time is generous, for a
    # loaded machine.
    assert elapsed < 5.0 and peak < 150 * 1024 * 1024
    print(
        f"\n{len(png) / 1024:.0f} kB PNG of 6,324 × 6,324 pixels: refused in "
        f"{elapsed * 1000:.0f} ms, peak {peak / 1024 / 1024:.1f} MB traced"
    )


def test_an_upload_is_prepared_out_of_the_request_and_shown_once_it_is(client, clinics, task_queue):
    client.force_login(clinics.alice)
    response = upload_form(client, clinics, "wide.png", png_bytes((5000, 4000)))
    photo = Photo.objects.filter(provider=clinics.a.provider).latest("pk")
    assert response.status_code == 302
    # The request stored the file and queued its preparation (not timed: a loaded machine
    # makes any wall-clock limit flaky, and the queue says it all).
    assert not photo.is_prepared
    profile = client.get(clinics.a.provider.get_absolute_url()).content.decode()
    assert "The treatment room" not in profile
    assert len(task_queue.pending()) == 1

    task_queue.run_pending()

    photo.refresh_from_db()
    assert photo.is_prepared
    profile = client.get(clinics.a.provider.get_absolute_url()).content.decode()
    assert "The treatment room" in profile
    assert Image.open(photo.image.path).size == (2560, 2048)
    # The clinic added a photo; preparing it is not a change of theirs.
    assert [record.history_type for record in photo.history.all()] == ["+"]


def test_a_50000_by_50000_bomb_is_refused_quickly_with_little_memory():
    bomb = png_bomb_header()
    assert len(bomb) < 100
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refusal("bomb.png", bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too_many_pixels"
    assert "24 megapixels" in error.message
    assert elapsed < 5.0  # generous, for a loaded machine: memory is the real check
    assert peak < 5 * 1024 * 1024  # 2.5 gigapixels would need 7.5 GB decoded


def test_a_picture_just_over_24_megapixels_is_refused_from_its_header():
    assert refusal("big.png", png_bomb_header(6001, 4000)).code == "too_many_pixels"


def test_a_text_file_named_jpg_is_refused():
    error = refusal("notes.jpg", b"Just some text pretending to be a photo.\n" * 10)
    assert error.code == "unreadable"


def test_an_svg_is_refused():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
    )
    assert refusal("logo.svg", svg).code == "unreadable"


def test_a_gif_is_refused_as_a_format_we_do_not_take():
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    assert refusal("anim.gif", buffer.getvalue()).code == "unsupported_format"


def test_a_file_over_10_mb_is_refused_before_it_is_opened():
    assert refusal("huge.jpg", b"\0" * (images.MAX_BYTES + 1)).code == "too_big"


def test_a_webp_is_accepted_and_stays_webp():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(buffer, format="WEBP")
    clean = images.reencode(upload("x.webp", buffer.getvalue()))
    assert clean.name == "x.webp"
    assert Image.open(io.BytesIO(clean.read())).format == "WEBP"


def test_thumbnails_fit_their_sizes_and_keep_the_shape():
    prepared = images.prepare(upload("wide.png", png_bytes((3000, 1500))), ["small", "large"])
    assert Image.open(io.BytesIO(prepared.image.read())).size == (2560, 1280)
    small, large = prepared.thumbnails["small"], prepared.thumbnails["large"]
    assert Image.open(io.BytesIO(small.read())).size == (480, 240)
    assert Image.open(io.BytesIO(large.read())).size == (1280, 640)


# Through the photos page


def photos_url(clinics):
    return reverse("manage:photos", args=[clinics.a.provider.slug])


def upload_form(client, clinics, name, content, alt_text="The treatment room"):
    key = client.get(photos_url(clinics)).context["form"].initial["submission_key"]
    return client.post(
        photos_url(clinics),
        {
            "upload": "1",
            "submission_key": key,
            "alt_text": alt_text,
            "image": SimpleUploadedFile(name, content),
        },
    )


def test_an_uploaded_photo_is_stored_clean_with_two_thumbnails(client, clinics):
    client.force_login(clinics.alice)
    response = upload_form(client, clinics, "gps.jpg", jpeg_with_gps())
    assert response.status_code == 302
    photo = Photo.objects.get(provider=clinics.a.provider, alt_text="The treatment room")
    stored = Path(photo.image.path).read_bytes()
    assert b"SpyCam" not in stored and b"Exif" not in stored
    assert photo.thumbnail and photo.thumbnail_large
    assert Path(photo.thumbnail.path).exists()


def test_a_rejected_upload_says_why_and_keeps_the_alt_text(client, clinics):
    client.force_login(clinics.alice)
    before = Photo.objects.count()
    response = upload_form(client, clinics, "logo.svg", b"<svg xmlns='x'/>", alt_text="Our logo")
    assert response.status_code == 200
    content = response.content.decode()
    assert "not a picture we can read" in content
    assert 'value="Our logo"' in content
    assert Photo.objects.count() == before


def test_alt_text_is_required(client, clinics):
    client.force_login(clinics.alice)
    response = upload_form(client, clinics, "room.png", png_bytes(), alt_text="")
    assert response.status_code == 200
    assert "alt_text" in response.context["form"].errors


def test_the_same_upload_posted_twice_adds_one_photo(client, clinics):
    client.force_login(clinics.alice)
    key = client.get(photos_url(clinics)).context["form"].initial["submission_key"]
    for _ in range(2):
        client.post(
            photos_url(clinics),
            {
                "upload": "1",
                "submission_key": key,
                "alt_text": "Twice",
                "image": SimpleUploadedFile("room.png", png_bytes()),
            },
        )
    assert Photo.objects.filter(alt_text="Twice").count() == 1


def test_deleting_a_photo_removes_its_files(client, clinics):
    client.force_login(clinics.alice)
    photo = clinics.a.photo
    paths = [Path(f.path) for f in (photo.image, photo.thumbnail, photo.thumbnail_large)]
    assert all(p.exists() for p in paths)
    url = reverse("manage:photo_delete", args=[clinics.a.provider.slug, photo.pk])
    assert client.post(url).status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(p.exists() for p in paths)


def test_a_deleted_provider_takes_its_photos_files_with_it(clinics):
    photo = clinics.a.photo
    paths = [Path(f.path) for f in (photo.image, photo.thumbnail, photo.thumbnail_large)]

    with committed():
        clinics.a.provider.delete()

    assert not any(p.exists() for p in paths)


def test_photos_deleted_in_bulk_take_their_files_and_show_at_once(clinics):
    # As the admin's "delete selected" does: a queryset's delete().
    photo = clinics.a.photo
    paths = [Path(f.path) for f in (photo.image, photo.thumbnail, photo.thumbnail_large)]
    before = generation()

    with committed():
        Photo.objects.filter(pk=photo.pk).delete()

    assert not any(p.exists() for p in paths)
    assert generation() != before
