"""Signals other features send and the metrics count; sending costs nothing when unobserved."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A co-editing batch committed: sender is the list of its Pending items, ``seconds`` the time
#: its writes and commit took.
batch_committed = _signals.signal("batch-committed")

#: A session moved to another phase: sender is the session, ``phase`` the new phase.
phase_changed = _signals.signal("phase-changed")
