"""Mix and master: stems summed with gain/pan/mute/solo, then loudness-normalised and true-peak limited;
lossy deliveries of the master are checked after encoding (`delivery`)."""
