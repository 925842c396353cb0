"""Signals other features send and the metrics count; sending costs nothing when unobserved."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A co-editing batch committed: sender is the list of its Pending items, ``seconds`` the time
#: its writes and commit took.
batch_committed = _signals.signal("batch-committed")

#: A session moved to another phase: sender is the session, ``phase`` the new phase.
phase_changed = _signals.signal("phase-changed")

#: A mailing's counts changed (started, a recipient's outcome, stopped): sender is the mailing's
#: id, with ``state`` (the mailing's) and ``sent``, ``failed``, ``pending`` (its recipients).
mailing_progressed = _signals.signal("mailing-progressed")

#: One message of a mailing got its outcome: sender is the mailing's id, ``outcome`` "sent" or
#: "failed".
mailing_message = _signals.signal("mailing-message")

#: The server process was asked to stop (SIGTERM): sender is the app. Receivers finish or
#: suspend their work within the grace period; they may block (they run in their own task).
shutting_down = _signals.signal("shutting-down")

#: The server process is about to serve: sender is the app. Receivers may pick up work an
#: earlier process suspended when it stopped.
serving_started = _signals.signal("serving-started")
