"""
Pictures for the demo, drawn with Pillow when it is seeded: nothing downloaded, nothing copied
from elsewhere. Each kind of clinic has a few rooms in its own colours; each starter article a
hero picture of a stylised spine. Every picture comes with alt text saying what it shows.
"""

import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from articles.models import ArticleImage
from providers.models import Photo, ProviderKind
from providers.tasks import prepare_photo

PHOTO_SIZE = (1200, 800)
HERO_SIZE = (1600, 900)


@dataclass(frozen=True)
class Palette:
    wall: tuple
    floor: tuple
    accent: tuple
    soft: tuple
    name: str  # the accent's colour, for alt text


PALETTES = {
    ProviderKind.MASSAGE: Palette(
        (240, 232, 220), (176, 140, 104), (120, 92, 150), (214, 200, 230), "lavender"
    ),
    ProviderKind.PAIN_CLINIC: Palette(
        (232, 240, 244), (150, 160, 170), (30, 110, 150), (190, 220, 235), "blue"
    ),
    ProviderKind.ACUPUNCTURE: Palette(
        (244, 236, 222), (150, 100, 70), (170, 50, 40), (235, 200, 180), "red"
    ),
    ProviderKind.PHYSIOTHERAPY: Palette(
        (236, 244, 236), (160, 170, 150), (40, 130, 90), (190, 230, 205), "green"
    ),
    ProviderKind.CHIROPRACTIC: Palette(
        (244, 240, 230), (140, 130, 120), (200, 120, 30), (245, 220, 180), "amber"
    ),
}

DARK = (60, 60, 70)
WHITE = (252, 252, 250)
SKY = (190, 220, 240)
LEAF = (70, 140, 80)


def _room(draw, palette, rng):
    """Wall, floor and a window: what every scene stands in."""
    width, height = PHOTO_SIZE
    horizon = int(height * 0.68)
    draw.rectangle((0, 0, width, horizon), fill=palette.wall)
    draw.rectangle((0, horizon, width, height), fill=palette.floor)
    left = rng.randint(60, 160)
    draw.rectangle((left, 90, left + 260, 370), fill=WHITE)
    draw.rectangle((left + 12, 102, left + 248, 358), fill=SKY)
    draw.line((left + 130, 102, left + 130, 358), fill=WHITE, width=10)
    return horizon


def _plant(draw, x, floor_y, rng):
    draw.rectangle((x - 35, floor_y - 90, x + 35, floor_y), fill=(150, 90, 60))
    for _ in range(7):
        dx, dy = rng.randint(-60, 60), rng.randint(-200, -90)
        draw.ellipse((x + dx - 40, floor_y + dy - 40, x + dx + 40, floor_y + dy + 40), fill=LEAF)


def treatment_room(draw, palette, rng):
    horizon = _room(draw, palette, rng)
    # A padded treatment table with a pillow and a folded towel.
    top = horizon - 40
    draw.rounded_rectangle((420, top, 1020, top + 60), radius=24, fill=palette.accent)
    draw.rounded_rectangle((440, top - 34, 580, top + 4), radius=16, fill=WHITE)
    draw.rectangle((850, top - 16, 980, top + 4), fill=palette.soft)
    for x in (470, 960):
        draw.rectangle((x, top + 60, x + 18, horizon + 120), fill=DARK)
    # Rolled towels on a shelf.
    draw.rectangle((700, 200, 1000, 214), fill=DARK)
    for x in range(720, 990, 62):
        draw.ellipse((x, 146, x + 54, 200), fill=palette.soft, outline=WHITE, width=4)
    _plant(draw, 1110, horizon + 60, rng)
    return "a treatment room with a padded table, rolled towels on a shelf and a plant"


def reception(draw, palette, rng):
    horizon = _room(draw, palette, rng)
    # A counter with a band in the clinic's colour, a lamp and two chairs.
    draw.rounded_rectangle((560, horizon - 170, 1080, horizon + 60), radius=18, fill=WHITE)
    draw.rectangle((560, horizon - 110, 1080, horizon - 80), fill=palette.accent)
    draw.polygon(
        ((880, horizon - 330), (960, horizon - 330), (990, horizon - 270), (850, horizon - 270)),
        fill=palette.soft,
    )
    draw.line((920, horizon - 270, 920, horizon - 170), fill=DARK, width=8)
    for x in (140, 330):
        draw.rounded_rectangle(
            (x, horizon - 80, x + 140, horizon + 40), radius=20, fill=palette.accent
        )
        draw.rectangle((x + 10, horizon + 40, x + 22, horizon + 120), fill=DARK)
        draw.rectangle((x + 118, horizon + 40, x + 130, horizon + 120), fill=DARK)
    return "a reception counter with a lamp, and two chairs for waiting patients"


def exercise_corner(draw, palette, rng):
    horizon = _room(draw, palette, rng)
    # Wall bars, a mat on the floor and an exercise ball.
    for x in range(760, 1100, 80):
        draw.rectangle((x, 120, x + 14, horizon), fill=(170, 130, 90))
    for y in range(150, horizon, 60):
        draw.rectangle((760, y, 1094, y + 10), fill=(190, 150, 110))
    draw.polygon(
        ((260, horizon + 150), (700, horizon + 150), (640, horizon + 60), (320, horizon + 60)),
        fill=palette.accent,
    )
    size = rng.randint(170, 210)
    draw.ellipse(
        (560, horizon + 130 - size, 560 + size, horizon + 130),
        fill=palette.soft,
        outline=palette.accent,
        width=6,
    )
    return "an exercise corner with wall bars, a floor mat and an exercise ball"


SCENES = (treatment_room, reception, exercise_corner)


def _jpeg(image, name):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=name)


def clinic_photo(kind, number, name):
    """
    The `number`-th picture of a demo clinic of this kind (each scene in turn), drawn afresh
    (the same name draws the same picture): (a JPEG file called name.jpg, its alt text).
    """
    palette = PALETTES[kind]
    rng = random.Random(name)
    image = Image.new("RGB", PHOTO_SIZE, palette.wall)
    shows = SCENES[number % len(SCENES)](ImageDraw.Draw(image), palette, rng)
    alt = f"Drawing of {shows}, in {palette.name} (a demo picture)"
    return _jpeg(image, f"{name}.jpg"), alt


def article_hero(slug, number):
    """A stylised spine on a soft background for a starter article: (a JPEG file, alt text)."""
    palette = list(PALETTES.values())[number % len(PALETTES)]
    width, height = HERO_SIZE
    image = Image.new("RGB", HERO_SIZE, palette.soft)
    draw = ImageDraw.Draw(image)
    rng = random.Random(slug)
    for _ in range(9):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(80, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=palette.wall)
    # Vertebrae: rounded blocks down a gentle S-curve, discs between them.
    for index in range(11):
        y = 90 + index * 68
        x = width // 2 + int(70 * ((index - 5) / 5) ** 2) - 35
        half = 70 + index * 4
        draw.rounded_rectangle((x - half, y, x + half, y + 50), radius=22, fill=palette.accent)
        draw.rounded_rectangle((x - half + 20, y + 52, x + half - 20, y + 64), radius=6, fill=WHITE)
    alt = f"Drawing of a spine as a column of rounded {palette.name} blocks"
    return _jpeg(image, f"{slug}.jpg"), alt


PHOTOS_PER_LISTING = 3


def photograph(providers):
    """
    Give each of these demo listings that has no photo yet PHOTOS_PER_LISTING drawn ones,
    prepared by the same task as an upload (re-encoded, both thumbnails; here, at once), in one
    transaction so that each listing is rebuilt once, after it commits. Returns how many
    photos were added.
    """
    added = 0
    with transaction.atomic():
        for provider in providers:
            if provider.photos.exists():
                continue
            for number in range(PHOTOS_PER_LISTING):
                drawn, alt = clinic_photo(provider.kind, number, f"{provider.slug}-{number}")
                photo = Photo.objects.create(
                    provider=provider, image=drawn, alt_text=alt, order=number
                )
                prepare_photo.call_local(photo.pk)
                added += 1
    return added


def illustrate(articles):
    """Give each of these articles that has no hero picture a drawn one. Returns how many."""
    added = 0
    with transaction.atomic():
        for number, article in enumerate(articles):
            if article.hero_image_id:
                continue
            drawn, alt = article_hero(article.slug, number)
            article.hero_image = ArticleImage.objects.create(
                image=drawn, alt_text=alt, credit="Drawn for the demo"
            )
            article.save(update_fields=["hero_image"])
            added += 1
    return added
