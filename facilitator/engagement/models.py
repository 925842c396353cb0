"""Typed models of the open microphone, comments on models, dot votes and ratings.

The database guards the rules that parallel requests could otherwise break: one active hand per
participant and one speaker per session (partial unique indexes), one upvote per participant per
comment, one dot row per participant and model, one rating per participant, model and criterion,
and value ranges (check constraints). The dot budget spans rows, so the services enforce it by
locking the participant's row and counting again inside the transaction.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.columns import (
    ActingModerator,
    GroupRef,
    ParticipantRef,
    SessionKey,
    SessionListItem,
    SessionPart,
    Timestamp,
    UpdatedTimestamp,
    aware,
    reference,
    utcnow,
)
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, Participant

#: Longest written comment, in characters
MAX_COMMENT_LENGTH = 1000
#: Longest title of a rating criterion
MAX_CRITERION_LENGTH = 100
#: Scores a model may get on a criterion
MIN_SCORE, MAX_SCORE = 1, 5
#: Dots a participant may have at most, whatever the moderator sets
MAX_DOTS = 20
#: Bounds of a speaker's time at the open microphone, in seconds
MIN_SPEAKER_SECONDS, MAX_SPEAKER_SECONDS = 30, 1800

ACTIVE_HAND = sa.text("state IN ('waiting', 'speaking')")
SPEAKING_HAND = sa.text("state = 'speaking'")


class VotingMode(enum.StrEnum):
    """How participants vote on the models."""

    dots = "dots"
    rating = "rating"


class HandState(enum.StrEnum):
    """Where a raised hand stands at the open microphone."""

    waiting = "waiting"
    speaking = "speaking"
    done = "done"
    skipped = "skipped"
    lowered = "lowered"

    @property
    def is_active(self) -> bool:
        """Whether the hand is still in the queue or has the floor."""
        return self in (HandState.waiting, HandState.speaking)


class EngagementSettings(db.Model):
    """A session's voting and open-microphone rules; its row is the session's ballot lock."""

    __tablename__ = "engagement_settings"

    session_id: so.Mapped[SessionKey]
    #: Dots on models, or scores on criteria
    voting_mode: so.Mapped[VotingMode] = so.mapped_column(default=VotingMode.dots)
    #: Dots each participant may place
    dots_per_participant: so.Mapped[int] = so.mapped_column(default=3)
    #: Most dots one participant may place on one model
    max_dots_per_model: so.Mapped[int] = so.mapped_column(default=2)
    #: Whether participants may not vote for (or rate) their own group's model
    forbid_own_group: so.Mapped[bool] = so.mapped_column(default=True)
    #: Whether participants see the results only once voting is over
    hide_results_until_closed: so.Mapped[bool] = so.mapped_column(default=True)
    #: How long a speaker has the floor at the open microphone
    speaker_seconds: so.Mapped[int] = so.mapped_column(default=120)
    updated_at: so.Mapped[UpdatedTimestamp]

    __table_args__ = (
        sa.CheckConstraint(f"dots_per_participant BETWEEN 1 AND {MAX_DOTS}", name="dots_range"),
        sa.CheckConstraint(
            "max_dots_per_model >= 1 AND max_dots_per_model <= dots_per_participant",
            name="cap_range",
        ),
        sa.CheckConstraint(
            f"speaker_seconds BETWEEN {MIN_SPEAKER_SECONDS} AND {MAX_SPEAKER_SECONDS}",
            name="speaker_time_range",
        ),
    )


class RatingCriterion(SessionListItem, db.Model):
    """One criterion models are rated on, e.g. «Practical value»."""

    __tablename__ = "rating_criteria"

    title: so.Mapped[str] = so.mapped_column(sa.String(MAX_CRITERION_LENGTH))

    __table_args__ = (sa.UniqueConstraint("session_id", "title", name="uq_rating_criterion_title"),)


class DotVote(SessionPart, db.Model):
    """The dots one participant placed on one model; changed in place until voting closes."""

    __tablename__ = "dot_votes"

    participant_id: so.Mapped[int] = reference("participants.id")
    group_id: so.Mapped[GroupRef]
    dots: so.Mapped[int]
    updated_at: so.Mapped[UpdatedTimestamp]

    __table_args__ = (
        sa.UniqueConstraint("participant_id", "group_id", name="uq_dot_vote_participant_model"),
        sa.CheckConstraint(f"dots BETWEEN 1 AND {MAX_DOTS}", name="dots_range"),
    )


class ModelRating(SessionPart, db.Model):
    """One participant's score of one model on one criterion."""

    __tablename__ = "model_ratings"

    participant_id: so.Mapped[int] = reference("participants.id")
    group_id: so.Mapped[GroupRef]
    criterion_id: so.Mapped[int] = reference("rating_criteria.id", index=True)
    score: so.Mapped[int]
    updated_at: so.Mapped[UpdatedTimestamp]

    __table_args__ = (
        sa.UniqueConstraint(
            "participant_id", "group_id", "criterion_id", name="uq_model_rating_once"
        ),
        sa.CheckConstraint(f"score BETWEEN {MIN_SCORE} AND {MAX_SCORE}", name="score_range"),
    )


class MicHand(SessionPart, db.Model):
    """A hand raised at the open microphone, from the queue to the floor and done."""

    __tablename__ = "mic_hands"

    participant_id: so.Mapped[ParticipantRef]
    #: The model the person wants to speak about; empty for a general remark
    group_id: so.Mapped[int | None] = reference("creative_groups.id", ondelete="SET NULL")
    state: so.Mapped[HandState] = so.mapped_column(default=HandState.waiting)
    raised_at: so.Mapped[Timestamp]
    #: When the moderator gave the floor
    floor_at: so.Mapped[dt.datetime | None]
    #: When the speaker's time runs out; held by the server, counted down by the pages
    floor_until: so.Mapped[dt.datetime | None]
    #: When the hand left the queue or the floor
    finished_at: so.Mapped[dt.datetime | None]

    participant: so.Mapped[Participant] = so.relationship()
    group: so.Mapped[CreativeGroup | None] = so.relationship()

    __table_args__ = (
        sa.Index(
            "uq_mic_hands_active_participant",
            "participant_id",
            unique=True,
            sqlite_where=ACTIVE_HAND,
            postgresql_where=ACTIVE_HAND,
        ),
        sa.Index(
            "uq_mic_hands_one_speaker",
            "session_id",
            unique=True,
            sqlite_where=SPEAKING_HAND,
            postgresql_where=SPEAKING_HAND,
        ),
    )

    def seconds_left(self, now: dt.datetime | None = None) -> int | None:
        """Whole seconds of the speaker's time left (negative when over); None off the floor."""
        until = aware(self.floor_until)
        if self.state != HandState.speaking or until is None:
            return None
        return int((until - (now or utcnow())).total_seconds())


class ModelComment(SessionPart, db.Model):
    """A participant's written comment on a group's model."""

    __tablename__ = "model_comments"

    group_id: so.Mapped[GroupRef]
    participant_id: so.Mapped[ParticipantRef]
    #: Plain text as typed; pages always escape it
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    #: Hidden by a moderator: gone for participants and the projector
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    hidden_at: so.Mapped[dt.datetime | None]
    hidden_by_id: so.Mapped[ActingModerator]
    created_at: so.Mapped[Timestamp]

    author: so.Mapped[Participant] = so.relationship()
    group: so.Mapped[CreativeGroup] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(f"length(body) BETWEEN 1 AND {MAX_COMMENT_LENGTH}", name="body_length"),
    )


class CommentUpvote(db.Model):
    """One participant's support for a comment; the primary key allows one per person."""

    __tablename__ = "comment_upvotes"

    comment_id: so.Mapped[int] = reference("model_comments.id", primary_key=True)
    participant_id: so.Mapped[int] = reference("participants.id", primary_key=True, index=True)
    created_at: so.Mapped[Timestamp]
