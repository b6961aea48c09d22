"""Pictures of a shared song: the waveform as SVG bars for the page, and the preview card image (PNG)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CARD_SIZE = (1200, 630)  # the size Open Graph and Twitter's large cards show without cropping
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BACKGROUND = (17, 24, 39)
ACCENT = (45, 212, 191)
MUTED = (148, 163, 184)
TEXT = (248, 250, 252)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float


def waveform_bars(peaks: list[float], *, count: int, width: float, height: float) -> list[Bar]:
    """`count` bars (the loudest peak of each slice), centred, at least 2 % high so silence shows."""
    if not peaks:
        return []
    step = width / count
    bars = []
    for i in range(count):
        lo = i * len(peaks) // count
        hi = max(lo + 1, (i + 1) * len(peaks) // count)
        level = max(peaks[lo:hi])
        h = max(0.02, min(1.0, level)) * height
        bars.append(Bar(x=round(i * step, 2), y=round((height - h) / 2, 2), height=round(h, 2)))
    return bars


@cache
def _font(size: int, *, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> str:
    """The text, shortened with an ellipsis until it fits `width` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def preview_card_png(*, title: str, subtitle: str, peaks: list[float]) -> bytes:
    """The link preview: title, a line about the song and its waveform on a dark card."""
    width = CARD_SIZE[0]
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 72
    title_font, subtitle_font, brand_font = _font(64, bold=True), _font(32, bold=False), _font(26, bold=True)
    draw.text((margin, 64), "♪ Music AI Generator", font=brand_font, fill=ACCENT)
    draw.text((margin, 120), _fit(draw, title, title_font, width - 2 * margin), font=title_font, fill=TEXT)
    draw.text(
        (margin, 208), _fit(draw, subtitle, subtitle_font, width - 2 * margin), font=subtitle_font, fill=MUTED
    )
    wave_top, wave_height = 300, 260
    bars = waveform_bars(peaks or [0.0], count=96, width=width - 2 * margin, height=wave_height)
    bar_width = (width - 2 * margin) / 96 * 0.6
    for bar in bars:
        x0 = margin + bar.x
        draw.rounded_rectangle(
            (x0, wave_top + bar.y, x0 + bar_width, wave_top + bar.y + bar.height), radius=3, fill=ACCENT
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
