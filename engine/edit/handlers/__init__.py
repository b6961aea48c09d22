"""Op handlers: each takes the state before an op and the op, checks the op against it, returns the new state.

Grouped by what they touch: the mixer (`mixer`), time and form (`timing`), pitch (`pitch`), the tracks
themselves (`tracks`). `engine.edit.fold` dispatches to them by op type.
"""
