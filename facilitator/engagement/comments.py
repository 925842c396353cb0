"""Written comments on the groups' models, with upvotes and the moderator's hiding.

Service API:

- ``visible_for(group, viewer=None) -> list[CommentRow]``: the comments participants and the
  projector see (hidden ones left out), most supported first, then oldest first.
- ``visible_by_group(session) -> dict[group_id, list[CommentRow]]``: ``visible_for`` of every
  group of the session, in one query.
- ``for_moderator(session) -> dict[group_id, list[CommentRow]]``: every comment, hidden too.
- ``visible_counts(session) -> dict[group_id, int]``.
- ``add(participant, group_id, body)``, ``set_upvote(participant, comment_id, on)``,
  ``set_hidden(session, comment_id, hidden, moderator)``.

Comments are plain text: pages escape them, so markup shows as typed. A comment that is nothing
but markup, empty, or longer than ``MAX_COMMENT_LENGTH`` is refused. After each committed change:
``notify_session(session.id, "comments", {"group_id", "comment_id", "action", "upvotes"})``.

One upvote per participant per comment is the table's primary key; the request says whether the
person supports the comment (not «toggle»), so a double-click leaves one row.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from facilitator.columns import utcnow
from facilitator.database import as_id, count_by
from facilitator.engagement import common
from facilitator.engagement.errors import InvalidInput, NotAllowed, NotFound, WrongPhase
from facilitator.engagement.models import MAX_COMMENT_LENGTH, CommentUpvote, ModelComment
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase

if TYPE_CHECKING:
    from facilitator.accounts.models import Moderator

log = logging.getLogger(__name__)

#: When participants may write and support comments: the models are public by then
COMMENT_PHASES = (Phase.presentations, Phase.open_mic, Phase.voting)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>|&[#\w]+;")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CommentRow:
    """A comment as a page shows it."""

    comment: ModelComment
    upvotes: int
    #: Whether the viewer supports it
    upvoted: bool = False
    #: Whether the viewer wrote it
    mine: bool = False


def clean_body(text: Any) -> str:
    """The comment as it will be stored; InvalidInput when empty, too long or only markup."""
    body = _CONTROL.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))
    body = _BLANK_LINES.sub("\n\n", body.strip())
    if not body:
        raise InvalidInput(_("Write the comment first."), field="body")
    if len(body) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            _(
                "The comment is too long: %(count)d characters, at most %(num)d.",
                count=len(body),
                num=MAX_COMMENT_LENGTH,
            ),
            field="body",
        )
    without_markup = _TAG.sub("", body)
    if without_markup != body and not any(ch.isalnum() for ch in without_markup):
        raise InvalidInput(
            _("The comment has only markup. Write it in words: it is shown as plain text."),
            field="body",
        )
    return body


def check_comment_phase(session: DesignSession) -> None:
    """Refuse writing or supporting comments outside the phases where models are public."""
    if common.current_phase(session) not in COMMENT_PHASES:
        raise WrongPhase(
            _("Comments are open during the presentations, the open microphone and the voting."),
            field="body",
        )


def _upvote_counts(comment_ids: sa.Select) -> sa.Subquery:
    return (
        sa.select(CommentUpvote.comment_id, sa.func.count().label("upvotes"))
        .where(CommentUpvote.comment_id.in_(comment_ids))
        .group_by(CommentUpvote.comment_id)
        .subquery()
    )


def _rows(condition, viewer: Participant | None) -> list[CommentRow]:
    ids = sa.select(ModelComment.id).where(condition)
    counts = _upvote_counts(ids)
    upvotes = sa.func.coalesce(counts.c.upvotes, 0)
    result = db.session.execute(
        sa.select(ModelComment, upvotes)
        .outerjoin(counts, counts.c.comment_id == ModelComment.id)
        .where(condition)
        .options(so.joinedload(ModelComment.author))
        .order_by(upvotes.desc(), ModelComment.created_at, ModelComment.id)
    ).all()
    supported: set[int] = set()
    if viewer is not None:
        supported = set(
            db.session.scalars(
                sa.select(CommentUpvote.comment_id).where(
                    CommentUpvote.participant_id == viewer.id,
                    CommentUpvote.comment_id.in_(ids),
                )
            )
        )
    return [
        CommentRow(
            comment=comment,
            upvotes=count,
            upvoted=comment.id in supported,
            mine=viewer is not None and comment.participant_id == viewer.id,
        )
        for comment, count in result
    ]


def visible_for(group: CreativeGroup, viewer: Participant | None = None) -> list[CommentRow]:
    """The group's comments that are not hidden, most supported first."""
    return _rows(sa.and_(ModelComment.group_id == group.id, ModelComment.hidden.is_(False)), viewer)


def visible_by_group(session: DesignSession) -> dict[int, list[CommentRow]]:
    """visible_for of every group of the session, by group id, in one query."""
    return _by_group(
        session,
        _rows(sa.and_(ModelComment.session_id == session.id, ModelComment.hidden.is_(False)), None),
    )


def for_moderator(session: DesignSession) -> dict[int, list[CommentRow]]:
    """Every comment of the session, hidden ones too, by group id."""
    return _by_group(session, _rows(ModelComment.session_id == session.id, None))


def _by_group(session: DesignSession, rows: list[CommentRow]) -> dict[int, list[CommentRow]]:
    """Rows by group id, in their order; every group of the session has a list."""
    by_group: dict[int, list[CommentRow]] = {g.id: [] for g in session.groups}
    for row in rows:
        by_group.setdefault(row.comment.group_id, []).append(row)
    return by_group


def visible_counts(session: DesignSession) -> dict[int, int]:
    """How many visible comments each group's model has."""
    return count_by(
        ModelComment.group_id, ModelComment.session_id == session.id, ModelComment.hidden.is_(False)
    )


def add(participant: Participant, group_id: Any, body: Any) -> ModelComment:
    """Post a comment on a group's model; commits."""
    session = participant.session
    group = common.group_of_session(session, group_id)
    text = clean_body(body)
    check_comment_phase(session)
    comment = ModelComment(
        session_id=session.id, group_id=group.id, participant_id=participant.id, body=text
    )
    db.session.add(comment)
    db.session.commit()
    log.info(
        "Participant %s commented on group %s (comment %s)", participant.id, group.id, comment.id
    )
    _announce(comment, "added")
    return comment


def comment_in_session(session: DesignSession, comment_id: Any) -> ModelComment:
    """The session's comment with this id (hidden too); NotFound for any other value."""
    number = as_id(comment_id)
    comment = db.session.get(ModelComment, number) if number is not None else None
    if comment is None or comment.session_id != session.id:
        raise NotFound(_("There is no such comment."))
    return comment


def upvotes_of(comment: ModelComment) -> int:
    """How many people support the comment."""
    return (
        db.session.scalar(sa.select(sa.func.count()).where(CommentUpvote.comment_id == comment.id))
        or 0
    )


def set_upvote(participant: Participant, comment_id: Any, on: bool) -> int:
    """Support a comment (on) or withdraw the support; returns the comment's upvotes; commits.

    Asking for what is already so changes nothing, so a double-click counts once.
    """
    session = participant.session
    comment = comment_in_session(session, comment_id)
    if comment.hidden:
        raise NotFound(_("There is no such comment."))
    if comment.participant_id == participant.id:
        raise NotAllowed(_("You cannot support your own comment."), field=comment.id)
    check_comment_phase(session)
    if on:
        exists = db.session.get(CommentUpvote, (comment.id, participant.id))
        if exists is None:
            db.session.add(CommentUpvote(comment_id=comment.id, participant_id=participant.id))
            try:
                db.session.commit()
            except IntegrityError:
                # The same click arrived twice at once: the primary key kept one.
                db.session.rollback()
    else:
        db.session.execute(
            sa.delete(CommentUpvote).where(
                CommentUpvote.comment_id == comment.id,
                CommentUpvote.participant_id == participant.id,
            )
        )
        db.session.commit()
    count = upvotes_of(comment)
    log.info(
        "Participant %s %s comment %s",
        participant.id,
        "supports" if on else "no longer supports",
        comment.id,
    )
    _announce(comment, "upvotes", count)
    return count


def set_hidden(
    session: DesignSession, comment_id: Any, hidden: bool, moderator: Moderator
) -> ModelComment:
    """Hide a comment from participants and the projector, or show it again; commits."""
    comment = comment_in_session(session, comment_id)
    comment.hidden = hidden
    comment.hidden_at = utcnow() if hidden else None
    comment.hidden_by_id = moderator.id if hidden else None
    db.session.commit()
    log.info("Moderator %s %s comment %s", moderator.id, "hid" if hidden else "showed", comment.id)
    _announce(comment, "hidden" if hidden else "shown")
    return comment


def _announce(comment: ModelComment, action: str, upvotes: int | None = None) -> None:
    payload: dict[str, Any] = {
        "group_id": comment.group_id,
        "comment_id": comment.id,
        "action": action,
    }
    if upvotes is not None:
        payload["upvotes"] = upvotes
    common.notify(comment.session_id, "comments", payload)
