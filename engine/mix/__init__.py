"""Mix and master: stems summed with gain/pan/mute/solo, then loudness-normalised and true-peak limited."""
