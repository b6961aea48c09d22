"""Song form: sections laid out over the bar count, each with an energy level."""

from __future__ import annotations

from engine.score import Section

_BASE_ENERGY: dict[str, float] = {
    "intro": 0.3,
    "verse": 0.5,
    "pre_chorus": 0.62,
    "chorus": 0.82,
    "bridge": 0.55,
    "outro": 0.35,
}
_SHORT_SONG_BARS = 8
_SMALL_UNIT_BELOW = 40  # songs shorter than this use 4-bar sections


def plan_sections(
    bars: int, section_bars: int, energy_scale: float, fixed_form: bool = False
) -> tuple[Section, ...]:
    """Lay intro/verse/chorus/bridge/outro over `bars`; energies rise through the song, chorus highest.
    A fixed form (the twelve-bar blues) keeps its whole length in every section that can hold it."""
    layout = _fixed_layout(bars, section_bars) if fixed_form else None
    layout = layout or _layout(bars, section_bars)
    chorus_count = sum(1 for name, _ in layout if name == "chorus")
    sections: list[Section] = []
    start = 0
    seen: dict[str, int] = {}
    for name, length in layout:
        repeat = seen.get(name, 0)
        seen[name] = repeat + 1
        energy = _BASE_ENERGY[name] + 0.05 * repeat
        if len(layout) == 1:
            energy = 0.75
        elif name == "chorus" and chorus_count > 1 and repeat == chorus_count - 1:
            energy = 1.0
        energy = min(1.0, max(0.1, energy * energy_scale))
        sections.append(Section(name=name, start_bar=start, bars=length, energy=round(energy, 3)))
        start += length
    assert start == bars
    return tuple(sections)


def _layout(bars: int, section_bars: int) -> list[tuple[str, int]]:
    if bars < _SHORT_SONG_BARS:
        return [("chorus", bars)]
    if bars < 16:
        if bars >= 14:
            return [("intro", 4), ("chorus", 8), ("outro", bars - 12)]
        return [("intro", 4), ("chorus", bars - 4)]
    unit = section_bars if bars >= 5 * section_bars else 8 if bars >= _SMALL_UNIT_BELOW else 4
    intro = 4
    outro = 4 if bars >= 24 else 0
    count, rest = divmod(bars - intro - outro, unit)
    body = [(name, unit) for name in _body_names(count)]
    if rest >= 4:
        pre = min(8, 4 * (rest // 4))
        last_chorus = max(i for i, (name, _) in enumerate(body) if name == "chorus")
        body.insert(last_chorus, ("pre_chorus", pre))
        rest -= pre
    if outro:
        outro += rest
    else:
        name, length = body[-1]
        body[-1] = (name, length + rest)
    layout = [("intro", intro), *body]
    if outro:
        layout.append(("outro", outro))
    return layout


def _fixed_layout(bars: int, unit: int) -> list[tuple[str, int]] | None:
    """A four-bar intro, then whole choruses of the form, the bars left over as the outro; one chorus
    without the intro when there is no room for both; None when not even one whole chorus fits."""
    if bars < unit:
        return None
    count, rest = divmod(bars - 4, unit)
    if count < 1:
        return [("chorus", unit), ("outro", bars - unit)] if bars > unit else [("chorus", unit)]
    layout = [("intro", 4), *((name, unit) for name in _body_names(count))]
    return [*layout, ("outro", rest)] if rest else layout


def _body_names(count: int) -> list[str]:
    fixed = {
        1: ["chorus"],
        2: ["verse", "chorus"],
        3: ["verse", "chorus", "chorus"],
        4: ["verse", "chorus", "verse", "chorus"],
    }
    if count in fixed:
        return fixed[count]
    head = count - 2
    tail = ["bridge", "chorus"]
    if head % 2:
        head -= 1
        tail.append("chorus")
    return ["verse", "chorus"] * (head // 2) + tail
