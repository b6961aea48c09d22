"""Audio files in and out: the ffmpeg adapter and waveform peaks."""
