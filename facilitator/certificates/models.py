"""What the certificates feature stores: one certificate per attending participant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.columns import PersonName, SessionPart, Timestamp, reference
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant


class Certificate(SessionPart, db.Model):
    """A certificate of participation; its code stays the same whenever the PDF is made again."""

    __tablename__ = "certificates"

    #: One certificate per person; kept (with the name snapshot) only while the person is
    participant_id: so.Mapped[int] = reference("participants.id", unique=True)
    #: The verification code without separators (see certificates.codes)
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    #: The name as printed when it was issued or last brought up to date
    full_name: so.Mapped[PersonName]
    #: Hours of participation as printed, in halves of an hour
    hours: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(5, 1))
    issued_at: so.Mapped[Timestamp]
    #: When the moderator revoked it; a revoked code tells the checker so
    revoked_at: so.Mapped[dt.datetime | None]

    session: so.Mapped[DesignSession] = so.relationship()
    participant: so.Mapped[Participant] = so.relationship()

    @property
    def is_valid(self) -> bool:
        """Whether the certificate stands (not revoked)."""
        return self.revoked_at is None
