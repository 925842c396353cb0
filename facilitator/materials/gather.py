"""Collect a session's data from the database into the plain records the builders read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from facilitator.database import listed
from facilitator.extensions import db
from facilitator.materials import photos, sources_engagement, sources_survey
from facilitator.materials.records import (
    AgendaEntry,
    Column,
    Comment,
    GroupRecord,
    Logo,
    Member,
    ParticipantRecord,
    SectionContent,
    SessionFacts,
    SessionMaterials,
    Speaker,
    SurveyResults,
    Vote,
    VotingResults,
)
from facilitator.realtime import service
from facilitator.sessions.models import (
    CreativeGroup,
    DesignSession,
    ModelTemplate,
    Participant,
    TemplateSection,
)
from facilitator.text.sanitize import clean_text, one_line

log = logging.getLogger(__name__)

Snapshot = Mapping[str, Any]
SnapshotProvider = Callable[[CreativeGroup], Snapshot | None]


def _realtime(name: str) -> Callable[..., Any] | None:
    """A function of the co-editing service, if that service is there."""
    return getattr(service, name, None)


def realtime_snapshot(group: CreativeGroup) -> Snapshot | None:
    """The group's model as the co-editing service keeps it, if that service is there."""
    document_snapshot = _realtime("document_snapshot")
    return document_snapshot(group) if document_snapshot else None


def realtime_snapshots(session: DesignSession) -> Mapping[int, Snapshot]:
    """Every group's model as the co-editing service keeps it, by group id (read at once)."""
    document_snapshots = _realtime("document_snapshots")
    return document_snapshots(session) if document_snapshots else {}


def _snapshots_of(session: DesignSession, given: SnapshotProvider | None) -> SnapshotProvider:
    """The given per-group provider, or the co-editing service's snapshots read all at once."""
    if given is not None:
        return given
    found = realtime_snapshots(session)
    return lambda group: found.get(group.id)


def _sections_of_template(session: DesignSession) -> list[TemplateSection]:
    """The session's template sections in order (none without a template), in one query."""
    return listed(
        sa.select(TemplateSection)
        .join(ModelTemplate, TemplateSection.template_id == ModelTemplate.id)
        .where(ModelTemplate.session_id == session.id)
        .order_by(TemplateSection.position)
    )


def _members_by_group(session: DesignSession) -> dict[int, list[Participant]]:
    """Each group's members in the order of ``CreativeGroup.members``, in one query."""
    found: dict[int, list[Participant]] = {}
    for person in db.session.scalars(
        sa.select(Participant)
        .join(CreativeGroup, Participant.group_id == CreativeGroup.id)
        .where(CreativeGroup.session_id == session.id, Participant.attended)
        .order_by(Participant.full_name, Participant.id)
    ):
        found.setdefault(person.group_id, []).append(person)
    return found


def no_votes(session: DesignSession) -> Sequence[Vote]:
    """Nobody has voted."""
    return ()


def no_voting(session: DesignSession) -> VotingResults:
    """No voting results: the documents count places from the votes, if any."""
    return VotingResults()


def no_comments(session: DesignSession) -> Sequence[Comment]:
    """No open-microphone comments."""
    return ()


def no_speakers(session: DesignSession) -> Sequence[Speaker]:
    """Nobody spoke at the open microphone."""
    return ()


def no_survey(session: DesignSession) -> SurveyResults:
    """No survey questions and no answers."""
    return SurveyResults()


@dataclass(frozen=True)
class Sources:
    """Where the parts that other features own come from; by default, from those features."""

    #: None means the co-editing service's snapshot
    snapshot: SnapshotProvider | None = None
    votes: Callable[[DesignSession], Sequence[Vote]] = sources_engagement.votes
    voting: Callable[[DesignSession], VotingResults] = sources_engagement.voting_results
    comments: Callable[[DesignSession], Sequence[Comment]] = sources_engagement.visible_comments
    speakers: Callable[[DesignSession], Sequence[Speaker]] = sources_engagement.speakers
    survey: Callable[[DesignSession], SurveyResults] = sources_survey.survey_results


def _cell(value: object) -> str:
    """A table cell as text; JavaScript sends whole numbers back as floats."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def section_contents(
    sections: Sequence[TemplateSection], snapshot: Snapshot | None
) -> tuple[SectionContent, ...]:
    """The template's sections in order, filled from the snapshot where it has them."""
    stored = (snapshot or {}).get("sections") or {}
    contents = []
    for section in sections:
        columns = tuple(
            Column(key=str(c.get("key", "")), title=one_line(c.get("title", "")))
            for c in section.columns or []
        )
        entry = stored.get(section.key) or {}
        kind = section.kind.value
        if kind == "table":
            rows = tuple(
                {c.key: _cell(row.get(c.key, "")) for c in columns}
                for row in entry.get("rows") or []
                if isinstance(row, Mapping)
            )
            contents.append(
                SectionContent(section.key, one_line(section.title), kind, columns, rows=rows)
            )
        else:
            text = entry.get("text", "") if isinstance(entry, Mapping) else ""
            contents.append(
                SectionContent(
                    section.key,
                    one_line(section.title),
                    kind,
                    columns,
                    text=clean_text(text).strip(),
                )
            )
    return tuple(contents)


def gather(session: DesignSession, sources: Sources | None = None) -> SessionMaterials:
    """Everything the documents need about one session."""
    sources = sources or Sources()
    # Read for all groups at once: one query per group stalled live editing on large sessions.
    snapshot = _snapshots_of(session, sources.snapshot)
    members = _members_by_group(session)
    template_sections = _sections_of_template(session)
    groups = []
    for group in session.groups:
        groups.append(
            GroupRecord(
                id=group.id,
                position=group.position,
                name=one_line(group.name),
                topic=one_line(group.model_topic),
                description=clean_text(group.description),
                members=tuple(
                    Member(
                        full_name=one_line(m.full_name),
                        position=one_line(m.position),
                        organisation=one_line(m.organisation),
                        city=one_line(m.city),
                        is_leader=m.is_leader,
                    )
                    for m in members.get(group.id, ())
                ),
                sections=section_contents(template_sections, snapshot(group)),
            )
        )
    group_names = {g.id: g.name for g in groups}
    facts = SessionFacts(
        id=session.id,
        title=one_line(session.title),
        kind=session.kind.value,
        theme=clean_text(session.theme),
        date=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        venue=one_line(session.venue),
        host_organisation=one_line(session.host_organisation),
        co_organisers=tuple(one_line(c) for c in session.co_organiser_list),
        framing_event=one_line(session.framing_event),
        language=session.language,
        contact_name=one_line(session.contact_name),
        contact_phone=one_line(session.contact_phone),
        officials=tuple(one_line(o) for o in session.official_list),
        moderators=tuple(one_line(m) for m in session.moderator_list),
        cultural_programme=one_line(session.cultural_programme),
        closing_thanks=one_line(session.closing_thanks),
        post_url=one_line(session.post_url),
        districts_city=one_line(session.districts_city),
        join_code=session.join_code,
        phase=session.phase.value,
        logos=tuple(
            Logo(logo.data, logo.mimetype, logo.width, logo.height) for logo in session.logos
        ),
    )
    return SessionMaterials(
        session=facts,
        photos=tuple(photo.data for photo in photos.photos_of(session)),
        agenda=tuple(
            AgendaEntry(
                starts_at=item.starts_at,
                duration_minutes=item.duration_minutes,
                kind=item.kind.value,
                title=one_line(item.title),
                speaker=one_line(item.speaker),
                speaker_credentials=one_line(item.speaker_credentials),
            )
            for item in session.agenda
        ),
        participants=tuple(
            ParticipantRecord(
                id=p.id,
                full_name=one_line(p.full_name),
                organisation=one_line(p.organisation),
                position=one_line(p.position),
                city=one_line(p.city),
                email=one_line(p.email),
                group_id=p.group_id,
                group_name=group_names.get(p.group_id, "") if p.group_id else "",
                is_leader=p.is_leader,
                joined_at=p.joined_at,
            )
            for p in session.participants
            if p.attended
        ),
        groups=tuple(groups),
        votes=tuple(sources.votes(session)),
        comments=tuple(sources.comments(session)),
        survey=sources.survey(session),
        voting=sources.voting(session),
        speakers=tuple(sources.speakers(session)),
    )
