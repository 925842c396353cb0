"""Who sends a mailing now: a lease in its row, renewed every few seconds, taken over once expired.

The task sending a mailing writes its own token into ``lease_owner`` and moves ``heartbeat_at``
on every quarter of the lease (20 s by default), also while a slow mail server holds a message.
A process killed outright (SIGKILL, power loss) stops renewing; once the lease has expired,
any serving process (another one, or the restarted one) takes the mailing over with a
conditional update, so exactly one of them does, and sends the rest.

Taking over never mails anyone twice: a recipient is claimed ("sending") by a conditional
update that only the lease's holder can make, and one a dead holder left "sending" is reported
as uncertain instead of being sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app
from sqlalchemy.orm.attributes import set_committed_value

from facilitator.columns import utcnow
from facilitator.extensions import db, socketio
from facilitator.materials.models import (
    MailingRecipient,
    MailingState,
    MaterialsMailing,
    RecipientState,
)
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

#: How long a mailing's sender may stay silent before another process takes the mailing over
DEFAULT_LEASE_SECONDS = 20
#: States a mailing is taken over from: paused by a stopping server, or left by a dead one
ABANDONED = (MailingState.PAUSED, MailingState.RUNNING, MailingState.INTERRUPTED)


def lease_seconds(app: Flask | None = None) -> float:
    """The configured lease (FACILITATOR_MAILING_LEASE_SECONDS)."""
    config = (app or current_app).config
    return float(config.get("MAILING_LEASE_SECONDS") or DEFAULT_LEASE_SECONDS)


def new_owner() -> str:
    """A token naming one sending task: host, process and a random part, for the operator."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def expired(heartbeat: dt.datetime, seconds: float) -> bool:
    """Whether a lease renewed at ``heartbeat`` has run out."""
    if heartbeat.tzinfo is None:  # SQLite hands back naive datetimes
        heartbeat = heartbeat.replace(tzinfo=dt.UTC)
    return utcnow() - heartbeat > dt.timedelta(seconds=seconds)


def lock_session(session_id: int) -> None:
    """Serialise starts and take-overs for one session: a row lock on PostgreSQL, SQLite's lock."""
    db.session.execute(
        sa.update(DesignSession)
        .where(DesignSession.id == session_id)
        .values(id=DesignSession.id)
        .execution_options(synchronize_session=False)
    )


def _newer_exists() -> sa.Exists:
    """A later mailing of the same session and kind: the moderator started afresh."""
    newer = so.aliased(MaterialsMailing)
    return sa.exists().where(
        newer.session_id == MaterialsMailing.session_id,
        newer.kind == MaterialsMailing.kind,
        newer.id > MaterialsMailing.id,
    )


def _abandoned(seconds: float) -> sa.ColumnElement[bool]:
    """Mailings nobody sends: paused, or held by a lease that expired (never a newer one's)."""
    cutoff = utcnow() - dt.timedelta(seconds=seconds)
    left = sa.and_(
        MaterialsMailing.state.in_((MailingState.RUNNING, MailingState.INTERRUPTED)),
        # Mailings started before leases existed wait for the moderator, as they always did.
        MaterialsMailing.lease_owner != "",
        MaterialsMailing.heartbeat_at < cutoff,
    )
    return sa.and_(sa.or_(MaterialsMailing.state == MailingState.PAUSED, left), ~_newer_exists())


def take(mailing_id: int, owner: str, condition: sa.ColumnElement[bool]) -> bool:
    """Make ``owner`` the mailing's sender if it still meets ``condition``; whether it did.

    Commits. Of several processes trying at once, exactly one succeeds.
    """
    session_id = db.session.scalar(
        sa.select(MaterialsMailing.session_id).where(MaterialsMailing.id == mailing_id)
    )
    if session_id is None:
        return False
    lock_session(session_id)
    result = db.session.execute(
        sa.update(MaterialsMailing)
        .where(MaterialsMailing.id == mailing_id, condition)
        .values(
            state=MailingState.RUNNING,
            lease_owner=owner,
            heartbeat_at=utcnow(),
            finished_at=None,
            problem="",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def take_abandoned(app: Flask, start: Callable[[int, str], None]) -> list[int]:
    """Take over every abandoned mailing and ``start(id, owner)`` each; the ids taken."""
    taken: list[int] = []
    seconds = lease_seconds(app)
    with app.app_context():
        try:
            ids = db.session.scalars(
                sa.select(MaterialsMailing.id)
                .where(_abandoned(seconds))
                .order_by(MaterialsMailing.id)
            ).all()
            for mailing_id in ids:
                owner = new_owner()
                if take(mailing_id, owner, _abandoned(seconds)):
                    taken.append(mailing_id)
                    log.info("Mailing %s taken over by %s: its sender stopped", mailing_id, owner)
                    start(mailing_id, owner)
        finally:
            db.session.remove()
    return taken


def claim(recipient: MailingRecipient, owner: str) -> bool:
    """Mark a pending recipient "sending" for the lease's holder only; whether it was.

    False: another process holds the mailing now (or took this recipient); do not send.
    """
    held = sa.exists().where(_held(recipient.mailing_id, owner))
    result = db.session.execute(
        sa.update(MailingRecipient)
        .where(
            MailingRecipient.id == recipient.id,
            MailingRecipient.state == RecipientState.PENDING,
            held,
        )
        .values(state=RecipientState.SENDING)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return False
    set_committed_value(recipient, "state", RecipientState.SENDING)
    return True


def finish(mailing_id: int, owner: str, state: str, problem: str = "") -> bool:
    """Record how the holder's sending ended; whether it still held the lease."""
    return _as_holder(mailing_id, owner, state=state, problem=problem, finished_at=utcnow())


def renew(mailing_id: int, owner: str) -> bool:
    """Move the lease's heartbeat on; False once the mailing is no longer this holder's."""
    return _as_holder(mailing_id, owner, heartbeat_at=utcnow())


def _held(mailing_id: int, owner: str) -> sa.ColumnElement[bool]:
    """The mailing is running and ``owner`` holds its lease."""
    return sa.and_(
        MaterialsMailing.id == mailing_id,
        MaterialsMailing.lease_owner == owner,
        MaterialsMailing.state == MailingState.RUNNING,
    )


def _as_holder(mailing_id: int, owner: str, **values: object) -> bool:
    """Write to a running mailing only while ``owner`` holds it; whether it did (committed)."""
    result = db.session.execute(
        sa.update(MaterialsMailing)
        .where(_held(mailing_id, owner))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


class Lease:
    """A background task renewing one mailing's lease until released (or lost)."""

    def __init__(self, app: Flask, mailing_id: int, owner: str) -> None:
        self.app, self.mailing_id, self.owner = app, mailing_id, owner
        self.every = lease_seconds(app) / 4
        self._release = threading.Event()
        self._ended = threading.Event()
        socketio.start_background_task(self._renew_until_released)

    def _renew_until_released(self) -> None:
        due = time.monotonic() + self.every
        try:
            while not self._release.is_set():
                socketio.sleep(0.1)
                if time.monotonic() < due:
                    continue
                due = time.monotonic() + self.every
                if not self._renew_once():
                    return
        finally:
            self._ended.set()

    def _renew_once(self) -> bool:
        with self.app.app_context():
            try:
                return renew(self.mailing_id, self.owner)
            except sa.exc.SQLAlchemyError:
                # A database hiccup: try again next time; the lease lasts four renewals.
                log.warning("Mailing %s: lease not renewed", self.mailing_id, exc_info=True)
                return True
            finally:
                db.session.remove()

    def release(self) -> None:
        """Stop renewing, and wait until the renewing task has ended."""
        self._release.set()
        while not self._ended.is_set():
            socketio.sleep(0.05)


class Watcher:
    """Looks for abandoned mailings at once and then every quarter of the lease, until stopped."""

    def __init__(self, app: Flask, look: Callable[[], object]) -> None:
        self.app, self.look = app, look
        self.stopped = threading.Event()

    def run(self) -> None:
        """Look, wait, look again; a failed look is logged and tried again later."""
        every = lease_seconds(self.app) / 4
        while not self.stopped.is_set():
            try:
                self.look()
            except sa.exc.SQLAlchemyError:
                log.warning("Looking for abandoned mailings failed", exc_info=True)
            deadline = time.monotonic() + every
            while time.monotonic() < deadline and not self.stopped.is_set():
                socketio.sleep(0.2)
