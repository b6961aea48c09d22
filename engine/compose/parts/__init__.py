"""One writer per role: each turns a SongPlan into note events for one instrument."""
