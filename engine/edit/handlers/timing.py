"""Ops on time: the tempo, and the song's bars (loop a section, trim to a range, cut a range)."""

from __future__ import annotations

import bisect

from engine.edit.audio_track import rearranged
from engine.edit.budget import BudgetError
from engine.edit.ops import Cut, EditError, LoopSection, SetTempo, Trim
from engine.edit.state import SongState, with_score
from engine.limits import bars_excess
from engine.score import Chord, Note, Section


def set_tempo(state: SongState, op: SetTempo) -> SongState:
    """Set the song's tempo."""
    # Notes live in ticks: a new tempo re-times every track symbolically.
    return with_score(state, tempo=float(op.tempo))


def _check_range(state: SongState, start_bar: int, end_bar: int) -> None:
    bars = state.score.bars
    if start_bar >= bars:
        raise EditError(f"start_bar must be below the song's {bars} bars (bars count from 0).", "start_bar")
    if end_bar > bars:
        raise EditError(f"end_bar must be at most {bars}, the song's length in bars.", "end_bar")


def _rearrange(state: SongState, segments: list[tuple[int, int]]) -> SongState:
    """Rebuild the song from source bar ranges laid end to end (a loop repeats one, a cut skips one).

    A note keeps its full length when the next segment continues the source where this one stops;
    otherwise it is cut at the segment's end so it never rings across a splice.
    """
    score = state.score
    per_bar = score.ticks_per_bar
    total = sum(end - start for start, end in segments) * per_bar
    placed: list[tuple[int, int, int, bool]] = []  # source start/end ticks, output start tick, continues
    out_bar = 0
    for position, (start, end) in enumerate(segments):
        continues = position + 1 < len(segments) and segments[position + 1][0] == end
        placed.append((start * per_bar, end * per_bar, out_bar * per_bar, continues))
        out_bar += end - start

    tracks = []
    for track in score.tracks:
        notes = sorted(track.notes, key=lambda n: n.start)
        starts = [n.start for n in notes]
        out: list[Note] = []
        for src_start, src_end, at, continues in placed:
            for note in notes[bisect.bisect_left(starts, src_start) : bisect.bisect_left(starts, src_end)]:
                end = note.end if continues else min(note.end, src_end)
                new_start = at + note.start - src_start
                new_end = min(at + end - src_start, total)
                out.append(
                    note.model_copy(update={"start": new_start, "duration": max(1, new_end - new_start)})
                )
        tracks.append(track.model_copy(update={"notes": tuple(out)}))

    chords: list[Chord] = []
    for src_start, src_end, at, _ in placed:
        for chord in score.chords:
            low, high = max(chord.start, src_start), min(chord.start + chord.duration, src_end)
            if low < high:
                chords.append(
                    chord.model_copy(update={"start": at + low - src_start, "duration": high - low})
                )

    sections: list[Section] = []
    origin: list[tuple[int, int]] = []  # per output section: source section index, source end bar
    out_bar = 0
    for start, end in segments:
        for index, section in enumerate(score.sections):
            low, high = max(section.start_bar, start), min(section.start_bar + section.bars, end)
            if low >= high:
                continue
            # A piece continuing its source section merges; a repeat from the section's top starts anew.
            if origin and origin[-1] == (index, low) and low != section.start_bar:
                last = sections[-1]
                sections[-1] = last.model_copy(update={"bars": last.bars + high - low})
            else:
                sections.append(
                    section.model_copy(update={"start_bar": out_bar + low - start, "bars": high - low})
                )
            origin.append((index, high))
        out_bar += end - start
    clips = tuple(
        t.model_copy(update={"audio": rearranged(t.audio, segments, score.bars)}) if t.audio else t
        for t in state.tracks
    )
    return with_score(
        state.model_copy(update={"tracks": clips}),
        bars=total // per_bar,
        tracks=tuple(tracks),
        chords=tuple(chords),
        sections=tuple(sections),
    )


def loop_section(state: SongState, op: LoopSection) -> SongState:
    """Repeat bars start..end `times` more times in place."""
    _check_range(state, op.start_bar, op.end_bar)
    # Refused before the notes are copied; the song budget (engine.edit.budget) checks the rest.
    excess = bars_excess(
        state.score.bars + (op.end_bar - op.start_bar) * op.times, "This edit would make the song"
    )
    if excess is not None:
        raise BudgetError(excess, "times")
    region = (op.start_bar, op.end_bar)
    segments = [(0, op.start_bar), *[region] * (op.times + 1), (op.end_bar, state.score.bars)]
    return _rearrange(state, [(s, e) for s, e in segments if e > s])


def trim(state: SongState, op: Trim) -> SongState:
    """Keep only bars start..end."""
    _check_range(state, op.start_bar, op.end_bar)
    return _rearrange(state, [(op.start_bar, op.end_bar)])


def cut(state: SongState, op: Cut) -> SongState:
    """Remove bars start..end."""
    _check_range(state, op.start_bar, op.end_bar)
    if op.start_bar == 0 and op.end_bar == state.score.bars:
        raise EditError("Cutting every bar would leave nothing of the song.", "end_bar")
    segments = [(0, op.start_bar), (op.end_bar, state.score.bars)]
    return _rearrange(state, [(s, e) for s, e in segments if e > s])
