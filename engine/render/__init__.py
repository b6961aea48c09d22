"""Render: a Score track becomes a dry stereo stem through FluidSynth."""
