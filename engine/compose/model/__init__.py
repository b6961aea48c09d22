"""The trained melody model: its token vocabulary, a numpy forward pass and constrained sampling."""
