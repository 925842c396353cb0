"""Co-editing services: what socket handlers, pages and the facilitation flow call.

Handlers parse a payload, call ``authorize_*`` and one service, then emit. The public Python
API for pages and reports is listed in docs/realtime-protocol.md ("Python API").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from flask import current_app, g

from facilitator import signals
from facilitator import sockets as rate_limit
from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.realtime import (
    broadcast,
    documents,
    errors,
    join_sections,
    locks,
    permissions,
    presence,
    snapshots,
    versions,
)
from facilitator.realtime.connections import Connection
from facilitator.realtime.live_document import Author, Committed
from facilitator.realtime.models import DocumentVersion, VersionReason
from facilitator.realtime.permissions import Access, GroupRef, Person
from facilitator.realtime.pipeline import Pending
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Joined:
    """A connection entered a group's model."""

    access: Access
    update: bytes
    state_vector: bytes
    seq: int
    members: list[dict[str, Any]]
    #: The group's template sections, for the acknowledgement
    sections: list[dict[str, Any]]
    #: The seq of the group's latest restore (0: never restored), for the acknowledgement
    restored_seq: int = 0


def _state() -> Any:
    return current_app.extensions["facilitator_realtime"]


def connection(sid: str) -> Connection:
    """The record of one connection of this process."""
    return _state().connections.get(sid, current_app.config)


# --- authorization --------------------------------------------------------------------------


def admit(sid: str, event: str) -> None:
    """Spend a token of the connection for any event, known or not; rate_limited when none is left.

    `update` has a bucket of its own, every other event shares one.
    """
    record = connection(sid)
    bucket = record.updates if event == "update" else record.events
    if not bucket.take():
        if rate_limit.worth_logging(bucket.refused):
            log.info("Rate-limited %r of %s (%s refused so far)", event[:64], sid, bucket.refused)
        raise errors.rate_limited(f"{event[:64]} of {sid}")


def authorize_event(sid: str, group_id: int) -> Access:
    """The connection's rights to the group (for a non-editing event, rate-limited by admit)."""
    return permissions.access_to(permissions.group_or_404(group_id))


def authorize_join(sid: str, group_id: int) -> Access:
    """As authorize_event, for `join`: a participant's rights in one narrow query."""
    return _access(group_id)


def authorize_joined(sid: str, group_id: int) -> Access:
    """As authorize_event, for a group this connection has joined (`presence`).

    A participant's rights read from the database in the last ``REALTIME_RIGHTS_REUSE_SECONDS``
    (by this event type or by a batch of their updates) are used again: presence changes
    nothing in the model, and its query was an eighth of the CPU under editing load.
    """
    record = connection(sid)
    person = record.joined.get(group_id)
    if person is not None and person.kind == permissions.PARTICIPANT:
        reuse = current_app.config["REALTIME_RIGHTS_REUSE_SECONDS"]
        recent = record.recently_checked(group_id, reuse)
        if recent is not None:
            return recent
    access = _require_joined(sid, _access(group_id))
    _remember(record, access)
    return access


def _remember(record: Connection, access: Access) -> None:
    """Keep the rights just read, without the ORM objects they came with (they would pile up)."""
    access = _plain(access)
    record.checked[access.group.id] = (time.monotonic(), access)


def _plain(access: Access) -> Access:
    """The rights with the group as plain values instead of an ORM object."""
    group = access.group
    if isinstance(group, CreativeGroup):
        return replace(access, group=GroupRef(group.id, group.session_id, group.session.phase))
    return access


def authorize_watch(sid: str, session_id: int) -> DesignSession:
    """Check the connection moderates the session (`watch_session`)."""
    session = permissions.session_or_404(session_id)
    permissions.require_moderator(session)
    return session


def _access(group_id: int) -> Access:
    """The connection's rights to the group: one narrow query for a participant."""
    access = permissions.participant_access_to(group_id)
    if access is None:
        access = permissions.access_to(permissions.group_or_404(group_id))
    return access


def _require_joined(sid: str, access: Access) -> Access:
    if access.group.id not in connection(sid).joined:
        raise errors.not_joined(f"{sid} has not joined group {access.group.id}")
    return access


# --- socket services ------------------------------------------------------------------------


def join(sid: str, access: Access, state_vector: bytes | None) -> Joined:
    """Exchange state with a connection entering the group's model and mark it present.

    Everything read from the database is read before the group's lock (which is taken with
    no connection in hand, locks.py); the ORM objects are not used after it.
    """
    access = _plain(access)
    sections = join_sections.section_dicts_of_session(access.group.session_id)
    restored_seq = last_restore_seq(access.group.id)
    try:
        update, server_vector, seq = documents.read_for_join(access.group, state_vector)
    except ValueError as error:
        raise errors.bad_request(f"state vector: {error}") from error
    record = connection(sid)
    record.joined[access.group.id] = access.person
    record.checked[access.group.id] = (time.monotonic(), access)
    members = _present(sid, access.group.id, access.person, None)
    if access.person.kind == permissions.PARTICIPANT:
        signals.co_editors_changed.send(access.group.id, session_id=access.group.session_id)
    log.info("%s joined group %s as %s", access.person, access.group.id, access.role)
    return Joined(access, update, server_vector, seq, members, sections, restored_seq)


def apply_update(sid: str, group_id: int, data: bytes) -> Committed:
    """Append an editor's update to the group's document; committed when this returns.

    A participant who joined the group is checked inside the batch, against the phase the
    batch locked; anyone else (moderators, connections that never joined) is checked here
    first, the full way. The update reaches the room before the commit, the progress after.
    """
    record = connection(sid)
    person = record.joined.get(group_id)
    checked = person is None or person.kind != permissions.PARTICIPANT
    if checked:
        access = _require_joined(sid, permissions.require_editor(_access(group_id)))
        person = access.person
    assert person is not None
    # Waiting for the batch is waiting for its group's lock: give the connection back first.
    locks.release_connection()
    item = _state().pipeline.submit(
        Pending(group_id, data, Author(person.kind, person.id), sid, checked=checked)
    )
    if item.language:
        g.session_language = item.language
    if item.failure is not None:
        raise item.failure
    if item.refusal is not None:
        raise item.refusal()
    assert item.result is not None
    return item.result


def set_presence(sid: str, access: Access, section: str | None) -> list[dict[str, Any]]:
    """Record which section a connection is editing; return the group's members."""
    sections = documents.cached_sections([access.group.session_id])[access.group.session_id]
    keys = {spec.key for spec in sections}
    if section is not None and section not in keys:
        raise errors.bad_request(f"no section {section!r}")
    return _present(sid, access.group.id, access.person, section)


def leave(sid: str, group_id: int) -> list[dict[str, Any]] | None:
    """Take a connection out of a group's model; the members left, or None if it was not in."""
    record = connection(sid)
    record.checked.pop(group_id, None)
    if record.joined.pop(group_id, None) is None:
        return None
    store = _state().presence
    store.drop(group_id, sid)
    signals.co_editors_changed.send(group_id)
    return presence.members(store.entries(group_id))


def disconnect(sid: str) -> list[tuple[int, list[dict[str, Any]]]]:
    """Forget a connection; the members left in each group it had joined."""
    gone = _state().connections.drop(sid)
    if gone is None:
        return []
    store = _state().presence
    left = []
    for group_id in gone.joined:
        store.drop(group_id, sid)
        signals.co_editors_changed.send(group_id)
        left.append((group_id, presence.members(store.entries(group_id))))
    return left


def membership_ended(group_id: int, participant_id: int, still_in_session: bool = True) -> None:
    """A participant left the group: their open connections to its model learn it at once.

    They leave the members' room. Moved to another group, they keep reading the model if the
    session lets participants read other groups' models; otherwise, or when removed from the
    session, they leave the group's room too and stop appearing in its presence. Each is sent
    its new rights; the room gets the new presence. Connections of other processes are reached
    through the message queue.
    """
    store = _state().presence
    sids = presence.connections_of(store, group_id, permissions.PARTICIPANT, participant_id)
    group = db.session.get(CreativeGroup, group_id) if sids else None
    if group is None:
        return
    session = group.session
    keep_reading = still_in_session and (
        permissions.decide(
            permissions.PARTICIPANT, False, session.phase, session.others_may_view_models, False
        )
        is not None
    )
    reason = permissions.OTHER_GROUP if keep_reading else permissions.LEFT_GROUP
    _take_out(group, sids, reason, keep_reading)
    log.info(
        "Participant %s left group %s: %s connection(s) told (%s)",
        participant_id,
        group_id,
        len(sids),
        reason,
    )


def reading_closed(session: DesignSession) -> None:
    """The moderator stopped participants reading other groups' models: those reading one stop
    at once, in every process (out of its room and presence, told why)."""
    store = _state().presence
    group_of = dict(
        db.session.execute(
            sa.select(Participant.id, Participant.group_id).where(
                Participant.session_id == session.id
            )
        ).all()
    )
    for group in session.groups:
        readers = [
            sid
            for sid, item in store.connections(group.id).items()
            if item["kind"] == permissions.PARTICIPANT and group_of.get(item["id"]) != group.id
        ]
        if readers:
            _take_out(group, readers, permissions.READING_CLOSED, keep_reading=False)
            log.info("Group %s: %s reader(s) of another group sent away", group.id, len(readers))


def _take_out(group: CreativeGroup, sids: list[str], reason: str, keep_reading: bool) -> None:
    """Take connections out of the group's members' room (and its room and presence unless
    they keep reading), send each its new rights, and the room the new presence."""
    store = _state().presence
    status = broadcast.rights(group.id, permissions.VIEWER, reason, group.session.language)
    for sid in sids:
        _state().connections.left_group(sid, group.id, still_joined=keep_reading)
        broadcast.leave_group(sid, status, keep_reading)
        if not keep_reading:
            store.drop(group.id, sid)
    broadcast.presence(group.id, presence.members(store.entries(group.id)))


def watch(session: DesignSession) -> list[dict[str, Any]]:
    """Every group's progress for a moderator who starts watching the session."""
    progress = session_progress(session)
    return [
        {key: value for key, value in progress[group.id].items() if key != "editing_reopened"}
        | {"group_id": group.id}
        for group in session.groups
    ]


def _present(sid: str, group_id: int, person: Person, section: str | None) -> list[dict]:
    store = _state().presence
    store.put(group_id, sid, presence.entry(person.kind, person.id, person.name, section))
    return presence.members(store.entries(group_id))


# --- Python API for pages, reports and the facilitation flow -------------------------------


def document_snapshot(group: CreativeGroup) -> dict[str, Any]:
    """The structured JSON form of the group's model, every template section present."""
    return snapshots.stored_snapshot(group)


def document_snapshots(session: DesignSession) -> dict[int, dict[str, Any]]:
    """document_snapshot of every group of the session, by group id, in two queries."""
    return snapshots.stored_snapshots_of_session(session.id)


def group_progress(group: CreativeGroup) -> dict[str, Any]:
    """Which sections of the group's model are filled: {sections, filled, total, seq}."""
    return snapshots.stored_progress(group)


def session_progress(session: DesignSession) -> dict[int, dict[str, Any]]:
    """group_progress of every group of the session, plus ``editing_reopened``, in two queries."""
    return snapshots.stored_progress_of_session(session.id)


def list_versions(group: CreativeGroup) -> Sequence[DocumentVersion]:
    """The group's recorded versions, newest first."""
    return snapshots.versions_of(group)


def last_restore_seq(group_id: int) -> int:
    """The seq of the group's latest restore of an earlier version; 0 if it was never restored."""
    value = db.session.scalar(
        sa.select(sa.func.max(DocumentVersion.seq)).where(
            DocumentVersion.group_id == group_id,
            DocumentVersion.reason == VersionReason.restore,
        )
    )
    return int(value or 0)


def restore_version(version: DocumentVersion, moderator: Moderator) -> int:
    """Make the group's model equal an earlier version, as a new edit; return the new seq."""
    group = db.session.get(CreativeGroup, version.group_id)
    versions.record_version(group, VersionReason.interval)
    target = version.snapshot
    result = documents.append_update(
        group,
        b"",
        Author(permissions.MODERATOR, moderator.id),
        make_update=lambda document, sections: document.restore_update(target, sections),
        version_reason=VersionReason.restore,
        version_author_id=moderator.id,
    )
    log.info(
        "Group %s restored to version %s (seq %s) by %s",
        group.id,
        version.id,
        version.seq,
        moderator.email,
    )
    broadcast.committed(result, sender=None)
    return result.seq


def record_versions(
    session: DesignSession, reason: str | VersionReason = VersionReason.phase
) -> list[DocumentVersion]:
    """Record a version of every group's model that changed since its last version."""
    recorded = []
    for group in session.groups:
        version = versions.record_version(group, VersionReason(reason))
        if version is not None:
            recorded.append(version)
    return recorded


def phase_changed(session: DesignSession) -> None:
    """After a phase change: record versions and tell every group's members their rights."""
    record_versions(session, VersionReason.phase)
    for group in session.groups:
        broadcast.status(group)


def reopen_editing(group: CreativeGroup, moderator: Moderator) -> None:
    """Let the group's members edit again after group work ended."""
    _set_reopened(group, True)
    log.info("Editing of group %s reopened by %s", group.id, moderator.email)


def close_editing(group: CreativeGroup, moderator: Moderator) -> None:
    """Undo reopen_editing: after group work the members only read again."""
    _set_reopened(group, False)
    log.info("Editing of group %s closed by %s", group.id, moderator.email)


def editing_reopened(group: CreativeGroup) -> bool:
    """Whether a moderator let the group's members edit after group work."""
    return permissions.editing_reopened(group)


def _set_reopened(group: CreativeGroup, value: bool) -> None:
    versions.set_editing_reopened(group, value)
    broadcast.status(group)
