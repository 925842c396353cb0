"""Who may open the workspace, progress and history pages, and what those pages show."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitator.database import count_by
from facilitator.extensions import db
from facilitator.joining.identity import current_participant
from facilitator.offline import assets
from facilitator.offline import views as offline
from facilitator.realtime import permissions, service
from facilitator.sessions.model_templates import section_dict
from facilitator.sessions.models import (
    CreativeGroup,
    DesignSession,
    ModelTemplate,
    Participant,
    TemplateSection,
)
from facilitator.sessions.phases import Phase


class NotIdentified(Exception):
    """The visitor is neither a moderator nor a participant of the group's session."""


class Audience(enum.StrEnum):
    """How the visitor relates to the group whose model the page shows."""

    moderator = "moderator"
    member = "member"
    #: A participant of the same session looking at another group's model: read-only
    observer = "observer"


#: Phases after group work, when only moderators may reopen editing
AFTER_GROUP_WORK = (
    Phase.presentations,
    Phase.open_mic,
    Phase.voting,
    Phase.survey,
    Phase.closed,
)


@dataclass(frozen=True)
class WorkspaceAccess:
    """A visitor allowed to open a group's workspace, and in which capacity."""

    group: CreativeGroup
    audience: Audience
    participant: Participant | None = None

    @property
    def session(self) -> DesignSession:
        """The design session the group belongs to."""
        return self.group.session


def workspace_access(group_id: int) -> WorkspaceAccess | None:
    """Decide who the visitor is for this group; None means 404, NotIdentified means join first."""
    group = db.session.get(CreativeGroup, group_id)
    if group is None:
        return None
    session = group.session
    if session.is_moderated_by(current_user):
        return WorkspaceAccess(group, Audience.moderator)
    participant = current_participant(session)
    if participant is not None:
        if participant.group_id == group.id:
            return WorkspaceAccess(group, Audience.member, participant)
        if session.others_may_view_models:
            return WorkspaceAccess(group, Audience.observer, participant)
        return None
    if getattr(current_user, "is_authenticated", False):
        return None  # a moderator of another session
    raise NotIdentified


def moderated_group(group_id: int) -> CreativeGroup | None:
    """The group if the logged-in moderator runs its session, else None."""
    group = db.session.get(CreativeGroup, group_id)
    if group is None or not group.session.is_moderated_by(current_user):
        return None
    return group


def template_sections(session: DesignSession) -> list[dict[str, Any]]:
    """The session template's sections in order, as the page and the client need them."""
    # One query for the sections, rather than the template and then its sections.
    rows = db.session.execute(
        sa.select(
            TemplateSection.key,
            TemplateSection.kind,
            TemplateSection.title,
            TemplateSection.hint,
            TemplateSection.example,
            TemplateSection.columns,
        )
        .join(ModelTemplate, TemplateSection.template_id == ModelTemplate.id)
        .where(ModelTemplate.session_id == session.id)
        .order_by(TemplateSection.position, TemplateSection.id)
    )
    return [
        section_dict(
            s,
            [
                {"key": str(c.get("key", "")), "title": str(c.get("title", ""))}
                for c in (s.columns or [])
            ],
        )
        for s in rows
    ]


def with_content(sections: list[dict[str, Any]], snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Attach each section's current text or rows from a document snapshot."""
    content = snapshot.get("sections", {})
    result = []
    for section in sections:
        entry = content.get(section["key"]) or {}
        result.append(
            section | {"text": entry.get("text", ""), "rows": list(entry.get("rows", []))}
        )
    return result


#: Why a person may only read a model (permissions' reason codes)
READ_ONLY_REASONS = (
    permissions.WORK_OVER,
    permissions.OTHER_GROUP,
    permissions.LEFT_GROUP,
    permissions.READING_CLOSED,
)


def workspace_page(access: WorkspaceAccess) -> dict[str, Any]:
    """Everything the workspace template shows: sections with content, progress, client config."""
    group = access.group
    sections = template_sections(group.session)
    return {
        "access": access,
        "group": group,
        "session": group.session,
        "sections": with_content(sections, service.document_snapshot(group)),
        "progress": service.group_progress(group),
        "client_config": {
            "group_id": group.id,
            "session_id": group.session_id,
            "sections": [{k: s[k] for k in ("key", "kind", "title", "columns")} for s in sections],
            **offline_config(access),
            # The page's language may not be the session's, in which the server tells a
            # group's members their rights: the page words a read-only reason itself.
            "read_only_messages": {
                reason: permissions.read_only_message(reason) for reason in READ_ONLY_REASONS
            },
        },
    }


def offline_config(access: WorkspaceAccess) -> dict[str, str]:
    """Where the page keeps this person's copy of the model, and the bundle it was built for."""
    if access.participant is not None:
        person = f"p{access.participant.id}"
    else:
        person = f"m{current_user.id}"
    session = access.session
    return {
        "offline_store": offline.store_name(
            access.group.id, session.id, session.created_at.isoformat(), person
        ),
        "client_version": assets.workspace_version(),
    }


def progress_page(session: DesignSession) -> dict[str, Any]:
    """Every group of the session with its current progress, for the moderator's board."""
    after_group_work = session.phase in AFTER_GROUP_WORK
    progress = service.session_progress(session)
    members = _member_counts(session)
    sections = template_sections(session)
    return {
        "session": session,
        "sections": sections,
        "groups": [
            {
                "group": group,
                "progress": progress[group.id],
                "members": members.get(group.id, 0),
                "reopened": after_group_work and progress[group.id]["editing_reopened"],
                # (key, title, filled) of each section as plain tuples: the board shows one chip
                # per section of every group, and the template's attribute lookups on dicts
                # were most of its rendering time.
                "chips": [
                    (
                        section["key"],
                        section["title"],
                        bool(progress[group.id]["sections"].get(section["key"])),
                    )
                    for section in sections
                ],
            }
            for group in session.groups
        ],
        "after_group_work": after_group_work,
        "client_config": {"session_id": session.id},
    }


def find_version(group: CreativeGroup, version_id: int) -> Any | None:
    """One recorded version of the group's document, or None."""
    return next((v for v in service.list_versions(group) if v.id == version_id), None)


def versions(group: CreativeGroup) -> list[Any]:
    """The group's recorded versions, newest first."""
    return service.list_versions(group)


def version_time(value: dt.datetime) -> str:
    """When a version was kept, in the session's time zone: «27 марта, 11:45»."""
    return format_datetime(value, "d MMMM, HH:mm")


def version_reason(version: Any) -> str:
    """Why a version was kept, in words."""
    if version.reason == "restore":
        if version.author_name:
            return gettext("Restore by %(name)s", name=version.author_name)
        return gettext("Restore")
    labels = {"interval": _l("During editing"), "phase": _l("Phase change")}
    return str(labels.get(version.reason, version.reason))


def phase_label(value: str | None) -> str:
    """The human name of a phase stored as text."""
    try:
        return Phase(value).label
    except ValueError:
        return value or ""


def history_helpers() -> dict[str, Any]:
    """Functions the history templates call."""
    return {
        "version_time": version_time,
        "version_reason": version_reason,
        "phase_label": phase_label,
    }


def _member_counts(session: DesignSession) -> dict[int, int]:
    """How many participants who attended each group of the session has (one query)."""
    return count_by(
        Participant.group_id,
        Participant.session_id == session.id,
        Participant.group_id.is_not(None),
        Participant.attended,
    )
