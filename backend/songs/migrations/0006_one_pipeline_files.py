"""One pipeline, 2 of 3: generated files become the first render and the downloads of the empty edit log.

Every song's generated mixes and MIDI become ready SongExports of its empty log (the same files, so a
download of an unedited song gives the same bytes), its stems become RenderedStems and, where the editor
had not rendered it yet, the SongRender of that state. Share links of unedited songs point at the MP3.
The song's summary (tempo, key, mode, bars, length, track names, an auto title) is brought to its head.
No file is deleted or rewritten; the reverse puts the files back in the old fields."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import migrations, models

EMPTY_LOG = hashlib.sha256(b"[]").hexdigest()
LEGACY_FORMATS = {"mix_mp3": ("mp3_192", "mp3"), "mix_wav16": ("wav16", "wav"), "mix_wav24": ("wav24", "wav")}


def _state_hash(ops: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(ops, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _legacy_stem_key(name: str) -> str:
    return hashlib.sha256(f"generated-stem:{name}".encode()).hexdigest()


def _auto_titles(song: Any) -> set[str]:
    from engine.presets import GENRE_PRESETS, MOOD_LABELS

    genre = GENRE_PRESETS[song.genre].label.split(" /")[0] if song.genre in GENRE_PRESETS else song.genre
    mood = MOOD_LABELS.get(song.mood, song.mood.capitalize())
    spec = song.spec or {}
    keys = {(song.key, song.mode), (spec.get("key", song.key), spec.get("mode", song.mode))}
    return {f"{mood} {genre} in {k} {m}" for k, m in keys} | {f"{mood} {genre} from a melody"}


def _head_score(song: Any, ops: list[dict[str, Any]], tracks: list[Any], uploads: Any) -> Any:
    """The folded head score (the engine's fold), or None if it cannot be folded here."""
    from engine.edit.audio_track import AudioSource
    from engine.edit.fold import fold
    from engine.edit.materialise import materialise_ops
    from engine.edit.ops import parse_op
    from engine.mix.mixdown import TrackMix
    from engine.score import Score

    try:
        score = Score.model_validate(song.score)
        in_log = [str(op.get("upload", "")) for op in ops if op.get("type") == "add_audio_track"]
        sources = {
            str(upload.pk): AudioSource(
                upload=str(upload.pk),
                sha256=upload.sha256,
                path=Path(upload.working),
                samples=upload.samples,
                name=upload.filename.rsplit(".", 1)[0][:60] or "Recording",
            )
            for upload in uploads.objects.filter(pk__in=in_log)
        }
        mixes = [TrackMix(gain_db=t.gain_db, pan=t.pan) for t in tracks]
        # Composing ops hold only a seed until 0008 stores their notes: compose them as 0008 will.
        parsed, composed = materialise_ops(score, [parse_op(op) for op in ops], mixes=mixes, audio_sources=sources)
        return fold(score, parsed, mixes=mixes, audio_sources=sources, composed=composed).score
    except Exception:  # a log the current engine refuses keeps the base's summary
        return None


def forward(apps: Any, schema_editor: Any) -> None:
    from engine.export.audio import download_name

    song_model = apps.get_model("songs", "Song")
    export_model = apps.get_model("songs", "SongExport")
    render_model = apps.get_model("songs", "SongRender")
    stem_model = apps.get_model("songs", "RenderedStem")
    edit_model = apps.get_model("songs", "Edit")
    link_model = apps.get_model("sharing", "ShareLink")
    upload_model = apps.get_model("uploads", "Upload")

    for export in export_model.objects.all():
        export.state_hash = _state_hash(list(export.ops))
        export.save(update_fields=["state_hash"])

    for song in song_model.objects.all():
        tracks = list(song.tracks.order_by("index"))
        song.title_is_custom = song.title not in _auto_titles(song)
        song.track_names = [t.name for t in tracks]
        legacy_mp3 = None
        for field, (fmt, ext) in LEGACY_FORMATS.items():
            if getattr(song, field):
                made = export_model.objects.create(
                    song=song,
                    ops=[],
                    state_hash=EMPTY_LOG,
                    format=fmt,
                    status="ready",
                    file=getattr(song, field),
                    filename=download_name(song.title, tempo=song.tempo, key=song.key, mode=song.mode, ext=ext),
                )
                legacy_mp3 = made if fmt == "mp3_192" else legacy_mp3
        if song.midi:
            export_model.objects.create(
                song=song,
                ops=[],
                state_hash=EMPTY_LOG,
                format="midi",
                status="ready",
                file=song.midi,
                filename=download_name(song.title, tempo=song.tempo, key=song.key, mode=song.mode, ext="mid"),
            )
        stem_keys = {}
        for track in tracks:
            if track.stem:
                key = _legacy_stem_key(track.stem)
                stem_model.objects.get_or_create(
                    song=song, key=key, defaults={"file": track.stem, "peaks": track.peaks, "file_gain_db": 0.0}
                )
                stem_keys[f"t{track.index + 1}"] = key
        if stem_keys and not render_model.objects.filter(song=song, state_hash=EMPTY_LOG).exists():
            render_model.objects.create(
                song=song,
                state_hash=EMPTY_LOG,
                master_key="",
                stem_keys=stem_keys,
                loudness_lufs=song.loudness_lufs if song.loudness_lufs is not None else -120.0,
                true_peak_dbtp=song.true_peak_dbtp if song.true_peak_dbtp is not None else -120.0,
                duration_seconds=song.duration_seconds or 0.0,
            )
        if legacy_mp3 is not None:
            link_model.objects.filter(song=song, export__isnull=True, ops=[]).update(export=legacy_mp3)

        ops = [
            {"type": e.type, **e.params} for e in edit_model.objects.filter(song=song, seq__lte=song.head).order_by("seq")
        ]
        score = _head_score(song, ops, tracks, upload_model) if ops and song.score else None
        if score is not None:
            head = render_model.objects.filter(song=song, state_hash=_state_hash(ops)).first()
            song.tempo, song.key, song.mode, song.bars = score.tempo, score.key, score.mode, score.bars
            song.duration_seconds = head.duration_seconds if head else score.duration_seconds
            song.loudness_lufs = head.loudness_lufs if head else None
            song.true_peak_dbtp = head.true_peak_dbtp if head else None
            song.track_names = [t.name for t in score.tracks]
            if not song.title_is_custom:
                from engine.presets import GENRE_PRESETS, MOOD_LABELS

                genre = GENRE_PRESETS[song.genre].label.split(" /")[0]
                song.title = f"{MOOD_LABELS[song.mood]} {genre} in {score.key} {score.mode}"
        song.save()


def backward(apps: Any, schema_editor: Any) -> None:
    song_model = apps.get_model("songs", "Song")
    export_model = apps.get_model("songs", "SongExport")
    stem_model = apps.get_model("songs", "RenderedStem")
    render_model = apps.get_model("songs", "SongRender")
    fields = {"mp3_192": "mix_mp3", "wav16": "mix_wav16", "wav24": "mix_wav24", "midi": "midi"}
    for song in song_model.objects.all():
        for export in export_model.objects.filter(song=song, state_hash=EMPTY_LOG, status="ready").order_by(
            "-created_at"
        ):
            if export.format in fields and export.start_bar is None:
                setattr(song, fields[export.format], export.file)
        song.save()
        render = render_model.objects.filter(song=song, state_hash=EMPTY_LOG).first()
        keys = dict(render.stem_keys) if render else {}
        for track in song.tracks.all():
            stem = stem_model.objects.filter(song=song, key=keys.get(f"t{track.index + 1}", "")).first()
            if stem is not None:
                track.stem, track.peaks = stem.file, stem.peaks
                track.save(update_fields=["stem", "peaks"])


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0005_one_pipeline_fields"),
        ("sharing", "0002_share_duration"),
        ("uploads", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
