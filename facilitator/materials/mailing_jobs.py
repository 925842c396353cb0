"""Sending mailings (group materials, invitations) in the background, each outcome kept.

Two hundred messages with a Word file each take minutes: longer than a proxy waits for a page.
The moderator's click stores the mailing with its recipients and starts a background task of
the server process; the materials page shows its progress. Each outcome is committed as soon as
the mail server answers, so a restarted server shows who got the materials, and the moderator
sends only to the rest. While a mailing runs, another one for the session is refused: a second
click, or a second moderator, never sends anyone the materials twice.

A server asked to stop (SIGTERM) lets the message under way finish, marks its mailings paused at
once, and the next start sends the rest by itself. A process killed outright stops renewing its
mailing's lease (``mailing_lease``), and a serving process takes the mailing over once the lease
has expired. Each recipient is marked "sending" before the message goes and "sent" right after
the server accepts it: one a killed process left "sending" may have got it, so it is never sent
again (at most once, never twice).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import sqlalchemy as sa
from flask import Flask, current_app, has_request_context, request
from flask_babel import gettext as _

from facilitator import signals
from facilitator.accounts.models import Moderator
from facilitator.columns import utcnow
from facilitator.extensions import db, socketio
from facilitator.materials import mailing, mailing_lease
from facilitator.materials.models import (
    MailingRecipient,
    MailingState,
    MaterialsMailing,
    RecipientState,
)
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

#: Set when this process is stopping: its mailings pause before their next message
_stopping = threading.Event()
#: Mailings a task of this process is sending now
_running: set[int] = set()
#: The lease token of each mailing this process sends
_owners: dict[int, str] = {}
#: Takes over the mailings of dead processes while this process serves
_watcher: mailing_lease.Watcher | None = None


class MailingPaused(Exception):
    """The process is stopping: the mailing pauses before its next message."""


class LeaseLost(Exception):
    """Another process took the mailing over (this one was silent too long): stop sending."""


@dataclass(frozen=True)
class Progress:
    """How far a mailing got: what the materials page and its live view show."""

    id: int
    state: str
    total: int
    sent: int
    failed: int
    without_email: int
    problem: str
    #: (address, the mail server's reason) of every refused recipient
    refused: tuple[tuple[str, str], ...]
    #: A serving process sends the rest by itself (it was paused, or its sender died)
    resumes_itself: bool = False

    @property
    def pending(self) -> int:
        """Recipients not tried yet."""
        return self.total - self.sent - self.failed

    @property
    def running(self) -> bool:
        """Whether a task is sending it now."""
        return self.state == MailingState.RUNNING

    @property
    def resumable(self) -> bool:
        """Whether the rest can be sent: it stopped early with recipients left."""
        return not self.running and self.pending > 0

    def as_json(self) -> dict[str, Any]:
        """The progress for the page's script."""
        return {
            "id": self.id,
            "state": self.state,
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "pending": self.pending,
        }


def latest(
    session: DesignSession, commit: bool = True, kind: str = mailing.GROUP_MATERIALS.key
) -> MaterialsMailing | None:
    """The session's most recent mailing of a kind; one whose sender's lease ran out is interrupted.

    With ``commit=False`` that mark waits for the caller's commit (which keeps its locks).
    """
    found = db.session.scalar(
        sa.select(MaterialsMailing)
        .where(MaterialsMailing.session_id == session.id, MaterialsMailing.kind == kind)
        .order_by(MaterialsMailing.id.desc())
        .limit(1)
    )
    seconds = mailing_lease.lease_seconds()
    if (
        found is not None
        and found.state == MailingState.RUNNING
        and mailing_lease.expired(found.heartbeat_at, seconds)
    ):
        found.state = MailingState.INTERRUPTED
        found.finished_at = utcnow()
        if commit:
            db.session.commit()
        log.warning("Mailing %s of session %s was interrupted", found.id, session.id)
    return found


def progress(mailing_row: MaterialsMailing) -> Progress:
    """The mailing's counts, in one query for its recipients."""
    rows = db.session.execute(
        sa.select(MailingRecipient.state, MailingRecipient.email, MailingRecipient.reason)
        .where(MailingRecipient.mailing_id == mailing_row.id)
        .order_by(MailingRecipient.id)
    ).all()
    states = [state for state, _email, _reason in rows]
    return Progress(
        id=mailing_row.id,
        state=mailing_row.state,
        total=len(rows),
        sent=states.count(RecipientState.SENT),
        failed=states.count(RecipientState.FAILED),
        without_email=mailing_row.without_email,
        problem=mailing_row.problem,
        refused=tuple(
            (email, reason) for state, email, reason in rows if state == RecipientState.FAILED
        ),
        resumes_itself=mailing_row.state == MailingState.PAUSED
        or (mailing_row.state == MailingState.INTERRUPTED and bool(mailing_row.lease_owner)),
    )


def start(
    session: DesignSession, moderator: Moderator, kind: mailing.MailKind = mailing.GROUP_MATERIALS
) -> MaterialsMailing:
    """Store a mailing to everyone who gave an e-mail and start sending it in the background."""
    running = _locked_latest(session, kind)
    if running is not None and running.state in (MailingState.RUNNING, MailingState.PAUSED):
        # A paused mailing is sent on by the next start: a new one would mail its people twice.
        _refuse(kind.busy())
    people = kind.audience(session)
    if not people.recipients:
        _refuse(_("Nobody gave an e-mail: there is no one to send to."))
    owner = mailing_lease.new_owner()
    row = MaterialsMailing(
        session_id=session.id,
        started_by_id=moderator.id,
        kind=kind.key,
        lease_owner=owner,
        link_base=_link_base(),
        without_email=people.without_email,
        recipients=[
            MailingRecipient(
                full_name=person.full_name,
                email=person.email,
                participant_id=person.participant_id,
            )
            for person in people.recipients
        ],
    )
    db.session.add(row)
    db.session.commit()
    log.info(
        "Mailing %s of session %s to %s addresses started by %s",
        row.id,
        session.id,
        len(people.recipients),
        moderator.email,
    )
    _in_background(row.id, owner)
    return row


def resume(
    session: DesignSession, moderator: Moderator, kind: mailing.MailKind = mailing.GROUP_MATERIALS
) -> MaterialsMailing:
    """Send the latest mailing's untried recipients, after it stopped or was interrupted."""
    row = _locked_latest(session, kind)
    if row is None or not progress(row).resumable:
        _refuse(_("There is nobody left to send to."))
    row.link_base = _link_base() or row.link_base
    owner = mailing_lease.new_owner()
    # Conditional, like a take-over by a serving process: only one of them sends it.
    if not mailing_lease.take(row.id, owner, MaterialsMailing.state != MailingState.RUNNING):
        raise mailing.MailingError(kind.busy())
    log.info("Mailing %s of session %s resumed by %s", row.id, session.id, moderator.email)
    _in_background(row.id, owner)
    return row


def _locked_latest(session: DesignSession, kind: mailing.MailKind) -> MaterialsMailing | None:
    """Once the kind may be sent, lock the session's mailings and return its latest of the kind.

    The lock holds until the caller commits or refuses, so two clicks never both go ahead.
    """
    kind.ready_settings(session)
    mailing_lease.lock_session(session.id)
    return latest(session, commit=False, kind=kind.key)


def _refuse(reason: str) -> NoReturn:
    """Let go of the lock and tell the moderator why nothing was sent."""
    db.session.rollback()
    raise mailing.MailingError(reason)


def _in_background(mailing_id: int, owner: str) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    socketio.start_background_task(run, app, mailing_id, owner)


def _link_base() -> str:
    """The address the moderator's page came from, so background messages link back to it."""
    return request.host_url if has_request_context() else ""


def run(app: Flask, mailing_id: int, owner: str | None = None) -> None:
    """Send a stored mailing's untried recipients, committing each outcome as it comes.

    ``owner`` is the lease the caller took for this task; without it, the lease's holder now.
    """
    _running.add(mailing_id)
    with app.app_context():
        base, holder = db.session.execute(
            sa.select(MaterialsMailing.link_base, MaterialsMailing.lease_owner).where(
                MaterialsMailing.id == mailing_id
            )
        ).one_or_none() or ("", "")
        db.session.remove()
    owner = owner or holder
    _owners[mailing_id] = owner
    lease = mailing_lease.Lease(app, mailing_id, owner)
    # A request context at the page's address lets the messages build links to the site.
    with app.test_request_context(base_url=base or None):
        try:
            _send(mailing_id, owner)
        finally:
            lease.release()
            _running.discard(mailing_id)
            _owners.pop(mailing_id, None)
            db.session.remove()


def _send(mailing_id: int, owner: str) -> None:
    row = db.session.get(MaterialsMailing, mailing_id)
    session = db.session.get(DesignSession, row.session_id) if row else None
    if row is None or session is None:
        return
    _settle_uncertain(row)
    waiting = {
        (recipient.email, recipient.participant_id): recipient
        for recipient in row.recipients
        if recipient.state == RecipientState.PENDING
    }
    _announce(row)
    try:
        kind = mailing.KINDS.get(row.kind)
        if kind is None:
            raise mailing.MailingError(_("This server cannot send this kind of mailing."))
        settings = kind.ready_settings(session)
        mailing.deliver(
            session,
            [mailing.Recipient(r.full_name, r.email, r.participant_id) for r in waiting.values()],
            settings,
            _recorder(row, waiting),
            before=_marker(owner, waiting),
            kind=kind,
        )
        state, problem = MailingState.DONE, ""
    except LeaseLost:
        db.session.rollback()
        log.warning("Mailing %s: another process took it over; this one stops", mailing_id)
        return
    except MailingPaused:
        db.session.rollback()
        state, problem = MailingState.PAUSED, ""
    except (mailing.MailingError, mailing.MailingStopped) as error:
        db.session.rollback()
        state, problem = MailingState.STOPPED, str(error)
    except Exception:
        db.session.rollback()
        log.exception("Mailing %s failed", mailing_id)
        state, problem = MailingState.STOPPED, _("An internal error stopped it.")
    if not mailing_lease.finish(mailing_id, owner, state, problem):
        log.warning("Mailing %s: another process took it over before it ended", mailing_id)
        return
    db.session.refresh(row)
    counts = _announce(row)
    log.info(
        "Mailing %s of session %s %s: %d sent, %d refused, %d left",
        row.id,
        session.id,
        row.state,
        counts.sent,
        counts.failed,
        counts.pending,
    )


def _recorder(
    row: MaterialsMailing, waiting: dict[tuple[str, int | None], MailingRecipient]
) -> Callable[[mailing.Recipient, str | None], None]:
    """What deliver() calls after each message: commit its outcome."""

    def record(person: mailing.Recipient, reason: str | None) -> None:
        recipient = waiting[(person.email, person.participant_id)]
        recipient.state = RecipientState.SENT if reason is None else RecipientState.FAILED
        recipient.reason = reason or ""
        db.session.commit()
        signals.mailing_message.send(row.id, outcome=recipient.state)
        _announce(row)

    return record


def _marker(
    owner: str, waiting: dict[tuple[str, int | None], MailingRecipient]
) -> Callable[[mailing.Recipient], None]:
    """What deliver() calls before each message: pause if stopping, else claim it (sending)."""

    def before(person: mailing.Recipient) -> None:
        if _stopping.is_set():
            raise MailingPaused
        if not mailing_lease.claim(waiting[(person.email, person.participant_id)], owner):
            raise LeaseLost

    return before


def _settle_uncertain(row: MaterialsMailing) -> None:
    """Recipients a dead process left "sending" may have the message: report, never resend."""
    uncertain = [r for r in row.recipients if r.state == RecipientState.SENDING]
    for recipient in uncertain:
        recipient.state = RecipientState.FAILED
        recipient.reason = _(
            "the server stopped while sending; this address may have received the materials"
        )
    if uncertain:
        db.session.commit()
        log.warning("Mailing %s: %d addresses left uncertain", row.id, len(uncertain))


def _announce(row: MaterialsMailing) -> Progress:
    """Tell whoever listens (the metrics) where the mailing stands; its progress."""
    counts = progress(row)
    signals.mailing_progressed.send(
        row.id, state=row.state, sent=counts.sent, failed=counts.failed, pending=counts.pending
    )
    return counts


def pause_all(app: Flask, grace: float) -> list[int]:
    """Pause this process's mailings before their next message; the ids paused.

    Waits up to ``grace`` seconds for the messages under way; a mailing still stuck on its
    mail server then is marked paused all the same (its recipient "sending" is not resent).
    """
    _stopping.set()
    paused = sorted(_running)
    deadline = time.monotonic() + grace
    while _running and time.monotonic() < deadline:
        time.sleep(0.05)
    stuck = sorted(_running)
    if stuck:
        with app.app_context():
            for mailing_id in stuck:
                mailing_lease.finish(mailing_id, _owners.get(mailing_id, ""), MailingState.PAUSED)
            db.session.remove()
    if paused:
        log.info("Mailings %s paused: the server is stopping", paused)
    return paused


def take_over(app: Flask) -> list[int]:
    """Send the rest of every mailing a stopping server paused or a dead one left; the ids taken.

    Each is taken with a conditional update, so of several processes looking at once only
    one sends it.
    """
    if _stopping.is_set():
        return []
    return mailing_lease.take_abandoned(
        app, lambda mailing_id, owner: socketio.start_background_task(run, app, mailing_id, owner)
    )


def _on_shutdown(app: Flask, **_: Any) -> None:
    if _watcher is not None:
        _watcher.stopped.set()
    pause_all(app, float(app.config.get("SHUTDOWN_GRACE_SECONDS") or 20))


def _on_serving(app: Flask, **_: Any) -> None:
    """Take over abandoned mailings now, and keep looking while this process serves."""
    global _watcher
    _stopping.clear()
    if _watcher is not None and not _watcher.stopped.is_set():
        return  # already watching
    _watcher = mailing_lease.Watcher(app, lambda: take_over(app))
    socketio.start_background_task(_watcher.run)


signals.shutting_down.connect(_on_shutdown, weak=False)
signals.serving_started.connect(_on_serving, weak=False)
