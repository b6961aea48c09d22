"""Scratch audio: memory handed from one render to the next, never to two users at once."""

from __future__ import annotations

import numpy as np

from engine.mix.buffers import fresh_audio, scratch_audio


def test_scratch_memory_is_reused_after_the_block_and_never_shared_inside_it():
    shape = (2, 1 << 21)  # 16 MB: above the size where fresh arrays are mapped
    with scratch_audio(shape) as first:
        first.fill(1.0)
        with scratch_audio(shape) as second:  # two renders at once get two arrays
            assert not np.shares_memory(first, second)
            second.fill(2.0)
        assert np.all(first == 1.0)
    with scratch_audio((2, 1 << 20)) as smaller:  # a shorter song reuses a larger array's memory
        assert smaller.shape == (2, 1 << 20) and smaller.dtype == np.float32
        assert np.shares_memory(smaller, first) or np.shares_memory(smaller, second)


def test_fresh_audio_has_the_shape_and_type_asked_for():
    for shape in ((2, 10), (2, 1 << 21)):
        audio = fresh_audio(shape)
        audio.fill(0.5)
        assert audio.shape == shape and audio.dtype == np.float32 and audio.flags.writeable
