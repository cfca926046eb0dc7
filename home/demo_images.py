"""Illustrations for the demo content, drawn with Pillow (nothing is downloaded).

Every demo module uses `demo_image` so that images are created once, found again by
title on the next run, and look like one family.
"""

import io
import math
from collections.abc import Callable

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

Drawer = Callable[[ImageDraw.ImageDraw, int, int, tuple[int, int, int]], None]

PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "teal": ((228, 240, 239), (15, 82, 87)),
    "clay": ((251, 238, 229), (179, 84, 30)),
    "sky": ((226, 236, 250), (38, 84, 160)),
    "sage": ((232, 242, 228), (62, 110, 60)),
    "plum": ((243, 232, 243), (110, 52, 110)),
    "sand": ((250, 244, 228), (150, 110, 30)),
    "slate": ((234, 237, 240), (60, 72, 84)),
    "rose": ((252, 233, 236), (170, 50, 70)),
}


def _background(width: int, height: int, light: tuple[int, int, int]) -> PILImage.Image:
    image = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        shade = int(10 * y / height)
        draw.rectangle(
            [0, y, width, y + 4],
            fill=tuple(max(0, channel - shade) for channel in light),
        )
    return image


def draw_waves(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """Flowing lines: the default motif for articles and the hero."""
    for band in range(5):
        points = [
            (x, height * (0.3 + band * 0.1) + math.sin(x / 90 + band) * height * 0.06)
            for x in range(0, width + 20, 20)
        ]
        draw.line(points, fill=colour, width=max(4, width // 120 - band))


def draw_circle(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A single ball: massage balls, compresses seen from above."""
    radius = min(width, height) * 0.3
    cx, cy = width / 2, height / 2
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=colour)
    for i in range(12):
        angle = i * math.pi / 6
        x, y = cx + math.cos(angle) * radius * 0.6, cy + math.sin(angle) * radius * 0.6
        draw.ellipse([x - 10, y - 10, x + 10, y + 10], fill=(255, 255, 255))


def draw_cylinder(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A lying cylinder: foam rollers, massage sticks."""
    top, bottom = height * 0.35, height * 0.65
    draw.rectangle([width * 0.2, top, width * 0.8, bottom], fill=colour)
    draw.ellipse([width * 0.73, top, width * 0.87, bottom], fill=colour)
    draw.ellipse(
        [width * 0.13, top, width * 0.27, bottom], outline=(255, 255, 255), width=6
    )
    for x in range(int(width * 0.3), int(width * 0.75), 40):
        draw.line([(x, top + 8), (x, bottom - 8)], fill=(255, 255, 255), width=5)


def draw_mat(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A rectangle with a grid of spikes: acupressure and massage mats."""
    left, top, right, bottom = width * 0.15, height * 0.25, width * 0.85, height * 0.75
    draw.rounded_rectangle([left, top, right, bottom], radius=30, fill=colour)
    for x in range(int(left) + 30, int(right) - 10, 36):
        for y in range(int(top) + 30, int(bottom) - 10, 36):
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(255, 255, 255))


def draw_pack(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A soft pillow shape: heat packs, cold packs, wheat bags."""
    draw.rounded_rectangle(
        [width * 0.2, height * 0.28, width * 0.8, height * 0.72], radius=80, fill=colour
    )
    for i in range(1, 4):
        x = width * (0.2 + 0.15 * i)
        draw.line([(x, height * 0.3), (x, height * 0.7)], fill=(255, 255, 255), width=4)


def draw_jar(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A jar: bath salts and soaks."""
    draw.rounded_rectangle(
        [width * 0.35, height * 0.3, width * 0.65, height * 0.8], radius=30, fill=colour
    )
    draw.rectangle(
        [width * 0.37, height * 0.22, width * 0.63, height * 0.3], fill=(90, 90, 90)
    )
    for i in range(14):
        x = width * (0.39 + (i % 5) * 0.05)
        y = height * (0.45 + (i // 5) * 0.08)
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(255, 255, 255))


def draw_strap(draw: ImageDraw.ImageDraw, width: int, height: int, colour) -> None:
    """A looped band: stretching straps and resistance bands, posture supports."""
    draw.arc(
        [width * 0.2, height * 0.2, width * 0.8, height * 0.8],
        0,
        360,
        fill=colour,
        width=40,
    )
    draw.arc(
        [width * 0.3, height * 0.3, width * 0.7, height * 0.7],
        200,
        520,
        fill=colour,
        width=24,
    )


SHAPES: dict[str, Drawer] = {
    "waves": draw_waves,
    "circle": draw_circle,
    "cylinder": draw_cylinder,
    "mat": draw_mat,
    "pack": draw_pack,
    "jar": draw_jar,
    "strap": draw_strap,
}


def render_png(
    *, shape: str, palette: str, size: tuple[int, int] = (1200, 800)
) -> bytes:
    """Draw one illustration and return it as PNG bytes."""
    light, dark = PALETTES[palette]
    width, height = size
    image = _background(width, height, light)
    SHAPES[shape](ImageDraw.Draw(image), width, height, dark)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(
    title: str,
    *,
    shape: str = "waves",
    palette: str = "teal",
    size: tuple[int, int] = (1200, 800),
):
    """Return the Wagtail image with this title, drawing it the first time."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    data = render_png(shape=shape, palette=palette, size=size)
    filename = f"demo-{abs(hash((title, shape, palette))) % 10**8}.png"
    image = image_model(title=title, file=ImageFile(io.BytesIO(data), name=filename))
    image.save()
    return image
