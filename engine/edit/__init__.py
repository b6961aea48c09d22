"""Non-destructive editing: typed edit operations folded over an immutable base Score, staged render."""
