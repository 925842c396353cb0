"""Every signal one feature sends and others subscribe to; sending costs nothing when unobserved."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A co-editing batch committed: sender is the list of its Pending items, ``seconds`` the time
#: its writes and commit took.
batch_committed = _signals.signal("batch-committed")

#: A session moved to another phase: sender is the session, ``phase`` the new phase.
phase_changed = _signals.signal("phase-changed")

#: A feature committed a change the session's screens show (open microphone, votes, comments,
#: survey answers): sender is the session id; ``event`` names it for the live pages, ``payload``
#: is a small JSON-serialisable dict, ``moderators_only`` keeps it to the moderators' screens.
session_activity = _signals.signal("session-activity")

#: The session's phase was set while preparing it (registration opened, back to preparation):
#: sender is the session.
session_state_changed = _signals.signal("session-state-changed")

#: A creative group's model changed: sender is the session id; ``group_id``, ``progress`` (the
#: model's filling per section) and ``seq`` (the edit's number) describe it.
group_progress_changed = _signals.signal("group-progress-changed")

#: Someone opened or closed a group's model page: sender is the group id; ``session_id`` is
#: given when known.
co_editors_changed = _signals.signal("co-editors-changed")

#: A participant left a creative group (moved, or removed): sender is the group id;
#: ``participant_id`` and ``still_in_session`` say who and whether they stay in the session.
membership_ended = _signals.signal("membership-ended")

#: The session stopped letting participants read other groups' models: sender is the session.
reading_closed = _signals.signal("reading-closed")

#: A moderator's logins ended (logout, password change, "log out everywhere"), committed:
#: sender is the account's id. Open Socket.IO connections of the account are closed.
logins_revoked = _signals.signal("logins-revoked")

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
