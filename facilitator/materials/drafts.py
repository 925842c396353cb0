"""The organiser's post-release edits and the participants' sharing setting, stored per session."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import sqlalchemy as sa

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.materials.models import MaterialsSharing, PostReleaseParagraph
from facilitator.materials.post_release import normalise, tidy
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

#: Longest paragraph the organiser may store
MAX_PARAGRAPH_CHARS = 20_000


def stored_edits(session: DesignSession) -> dict[str, str]:
    """The paragraphs the organiser rewrote, by key."""
    rows = db.session.scalars(sa.select(PostReleaseParagraph).filter_by(session_id=session.id))
    return {row.key: row.text for row in rows}


def save_edits(
    session: DesignSession,
    submitted: Mapping[str, str],
    generated: Mapping[str, str],
    moderator: Moderator,
) -> list[str]:
    """Keep each submitted paragraph that differs from the generated one; return changed keys."""
    existing = {
        row.key: row
        for row in db.session.scalars(
            sa.select(PostReleaseParagraph).filter_by(session_id=session.id)
        )
    }
    changed = []
    for key, generated_text in generated.items():
        if key not in submitted:
            continue
        text = tidy(submitted[key])[:MAX_PARAGRAPH_CHARS]
        row = existing.get(key)
        if normalise(text) == normalise(generated_text):
            # Unchanged text is not an edit: the paragraph keeps following the data.
            if row is not None:
                db.session.delete(row)
                changed.append(key)
        elif row is None:
            db.session.add(
                PostReleaseParagraph(
                    session_id=session.id, key=key, text=text, updated_by_id=moderator.id
                )
            )
            changed.append(key)
        elif row.text != text:
            row.text, row.updated_by_id = text, moderator.id
            changed.append(key)
    db.session.commit()
    if changed:
        log.info(
            "Post-release of session %s: paragraphs %s edited by %s",
            session.id,
            ", ".join(changed),
            moderator.email,
        )
    return changed


def reset_paragraph(session: DesignSession, key: str, moderator: Moderator) -> bool:
    """Go back to the generated text of one paragraph; tell whether there was an edit."""
    row = db.session.scalar(
        sa.select(PostReleaseParagraph).filter_by(session_id=session.id, key=key)
    )
    if row is None:
        return False
    db.session.delete(row)
    db.session.commit()
    log.info(
        "Post-release of session %s: paragraph %s reset by %s", session.id, key, moderator.email
    )
    return True


def shared_with_participants(session: DesignSession) -> bool:
    """Whether participants may download the group materials after the session closes."""
    row = db.session.get(MaterialsSharing, session.id)
    return bool(row and row.share_with_participants)


def set_sharing(session: DesignSession, share: bool, moderator: Moderator) -> None:
    """Turn the participants' materials page on or off."""
    row = db.session.get(MaterialsSharing, session.id)
    if row is None:
        row = MaterialsSharing(session_id=session.id)
        db.session.add(row)
    row.share_with_participants = share
    db.session.commit()
    log.info(
        "Group materials of session %s %s participants by %s",
        session.id,
        "shared with" if share else "withdrawn from",
        moderator.email,
    )
