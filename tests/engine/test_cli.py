from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main


def test_compose_end_to_end(synth, tmp_path: Path, capsys):
    pytest.importorskip("engine.compose")
    out = tmp_path / "song"
    code = main(
        [
            "compose", "--genre", "pop", "--mood", "happy", "--tempo", "120", "--key", "C",
            "--mode", "major", "--instruments", "acoustic_grand_piano:chords", "fingered_electric_bass",
            "standard_drum_kit", "--seconds", "8", "--seed", "1", "--out", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    assert len(list((out / "stems").glob("*.flac"))) == 3
    assert (out / "mix.mp3").stat().st_size > 0 and (out / "mix.wav").stat().st_size > 0
    assert (out / "song.mid").read_bytes().startswith(b"MThd")
    printed = capsys.readouterr().out
    assert "LUFS" in printed and "dBTP" in printed and "Timings" in printed


def test_invalid_input_is_a_human_message_and_exit_2(tmp_path: Path, capsys):
    code = main(
        [
            "compose", "--genre", "polka", "--mood", "happy", "--tempo", "500", "--key", "C",
            "--instruments", "banana", "--seconds", "8", "--out", str(tmp_path),
        ]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "Unknown genre 'polka'" in err
    assert "tempo" in err and "Unknown instrument 'banana'" in err
    assert not any(tmp_path.iterdir())


def test_argparse_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["compose", "--genre", "pop"])
    assert exited.value.code == 2
