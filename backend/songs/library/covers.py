"""A song's cover: an SVG drawn on the server from its tracks' waveform peaks, coloured by genre and mood.

Only numbers computed here reach the SVG text (no user strings), so it is safe to serve inline."""

from __future__ import annotations

import hashlib
import math

from songs.head import playable_render, song_head_render
from songs.models import RenderedStem, Song

COVER_WIDTH, COVER_HEIGHT = 320, 160  # 2:1, the library card's shape
COVER_BARS = 48
_GENRE_HUES = {
    "pop": 330,
    "rock": 10,
    "jazz": 35,
    "electronic": 190,
    "hip_hop": 270,
    "classical": 45,
    "ambient": 165,
    "lofi": 250,
    "folk": 95,
    "funk": 300,
    "cinematic": 215,
    "blues": 230,
}


def _hue(song: Song) -> int:
    if song.genre in _GENRE_HUES:
        return _GENRE_HUES[song.genre]
    return int(hashlib.sha256(song.genre.encode()).hexdigest()[:4], 16) % 360


def song_cover_levels(*, song: Song, bars: int = COVER_BARS) -> list[float]:
    """The head's loudness outline in `bars` columns (0..1): per point the root-sum-square of its tracks."""
    render = playable_render(song=song, render=song_head_render(song=song))
    keys = list(render.stem_keys.values()) if render else []
    stems = RenderedStem.objects.filter(song=song, key__in=keys).values_list("peaks", "file_gain_db")
    # The files were scaled so they do not clip: undo that so the tracks weigh as they sound.
    tracks = [[p * 10 ** (-gain_db / 20) for p in peaks] for peaks, gain_db in stems if peaks]
    if not tracks:
        return []
    points = min(len(p) for p in tracks)
    combined = [math.sqrt(sum(p[i] ** 2 for p in tracks)) for i in range(points)]
    levels = []
    for bar in range(bars):
        start, end = bar * points // bars, max((bar + 1) * points // bars, bar * points // bars + 1)
        levels.append(max(combined[start:end]) if start < points else 0.0)
    top = max(levels) or 1.0
    return [round(level / top, 3) for level in levels]


def song_cover_svg(*, song: Song) -> str:
    """The cover image: a waveform of the song over a gradient; a flat line while it is being made."""
    hue = _hue(song)
    second = (hue + (40 if song.mood in {"happy", "energetic", "romantic", "epic"} else -40)) % 360
    levels = song_cover_levels(song=song) or [0.02] * COVER_BARS
    width, height, middle = COVER_WIDTH, COVER_HEIGHT, COVER_HEIGHT / 2
    step = width / len(levels)
    bar_width = step * 0.6
    bars = "".join(
        f'<rect x="{i * step + (step - bar_width) / 2:.2f}" y="{middle - h:.2f}" width="{bar_width:.2f}" '
        f'height="{2 * h:.2f}" rx="{bar_width / 2:.2f}"/>'
        for i, level in enumerate(levels)
        for h in [max(1.0, level * height * 0.38)]
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},70%,42%)"/>'
        f'<stop offset="1" stop-color="hsl({second},65%,22%)"/>'
        "</linearGradient></defs>"
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>'
        f'<g fill="hsla(0,0%,100%,0.85)">{bars}</g>'
        "</svg>"
    )
