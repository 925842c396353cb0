"""Every signal one feature sends and others subscribe to; sending costs nothing when unobserved.

Each signal's doc string (its ``__doc__``) says what happened, what the sender is and which
keyword arguments come with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

batch_committed = _signals.signal(
    "batch-committed",
    (
        "A co-editing batch committed: sender is the list of its Pending items, ``seconds`` the "
        "time its writes and commit took."
    ),
)

phase_changed = _signals.signal(
    "phase-changed",
    "A session moved to another phase: sender is the session, ``phase`` the new phase.",
)

session_activity = _signals.signal(
    "session-activity",
    (
        "A feature committed a change the session's screens show (open microphone, votes, "
        "comments, survey answers): sender is the session id; ``event`` names it for the live "
        "pages, ``payload`` is a small JSON-serialisable dict, ``moderators_only`` keeps it to "
        "the moderators' screens."
    ),
)

session_state_changed = _signals.signal(
    "session-state-changed",
    (
        "The session's phase was set while preparing it (registration opened, back to "
        "preparation): sender is the session."
    ),
)

group_progress_changed = _signals.signal(
    "group-progress-changed",
    (
        "A creative group's model changed: sender is the session id; ``group_id``, ``progress`` "
        "(the model's filling per section) and ``seq`` (the edit's number) describe it."
    ),
)

co_editors_changed = _signals.signal(
    "co-editors-changed",
    (
        "Someone opened or closed a group's model page: sender is the group id; ``session_id`` is "
        "given when known."
    ),
)

membership_ended = _signals.signal(
    "membership-ended",
    (
        "A participant left a creative group (moved, or removed): sender is the group id; "
        "``participant_id`` and ``still_in_session`` say who and whether they stay in the "
        "session."
    ),
)

attendance_changed = _signals.signal(
    "attendance-changed",
    (
        "Who came to a session may have changed (a check-in at the door or its undoing, a walk-in, "
        "times corrected, marked present), committed: sender is the session id."
    ),
)

reading_closed = _signals.signal(
    "reading-closed",
    "The session stopped letting participants read other groups' models: sender is the session.",
)

logins_revoked = _signals.signal(
    "logins-revoked",
    (
        "A moderator's logins ended (logout, password change, "
        '"log out everywhere"), committed: '
        "sender is the account's id. Open Socket.IO connections of the account are closed."
    ),
)

mailing_progressed = _signals.signal(
    "mailing-progressed",
    (
        "A mailing's counts changed (started, a recipient's outcome, stopped): sender is the "
        "mailing's id, with ``state`` (the mailing's) and ``sent``, ``failed``, ``pending`` (its "
        "recipients)."
    ),
)

mailing_message = _signals.signal(
    "mailing-message",
    (
        "One message of a mailing got its outcome: sender is the mailing's id, ``outcome`` "
        '"sent" or "failed".'
    ),
)

shutting_down = _signals.signal(
    "shutting-down",
    (
        "The server process was asked to stop (SIGTERM): sender is the app. Receivers finish or "
        "suspend their work within the grace period; they may block (they run in their own task)."
    ),
)

serving_started = _signals.signal(
    "serving-started",
    (
        "The server process is about to serve: sender is the app. Receivers may pick up work an "
        "earlier process suspended when it stopped."
    ),
)
