"""MIDI: Score to Standard MIDI File."""
