"""Plain JSON shapes of the API's resources, as described in openapi.yaml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from facilitator.engagement.models import RatingCriterion
from facilitator.engagement.voting import Results, VotingCounts
from facilitator.materials.bundle import MaterialFile
from facilitator.sessions.models import (
    AgendaItem,
    CreativeGroup,
    DesignSession,
    Participant,
    TemplateSection,
)
from facilitator.sessions.preparation import SessionSummary
from facilitator.survey.results import QuestionSummary, SurveySummary

Json = dict[str, Any]


def moment(value: dt.datetime | None) -> str | None:
    """An ISO 8601 date and time with its offset; SQLite hands back naive UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def clock(value: dt.time | None) -> str | None:
    """A time of day as 11:00."""
    return value.strftime("%H:%M") if value else None


def number(value: Decimal | float | None) -> float | None:
    """A share or an average as a JSON number (Flask would write a Decimal as a string)."""
    return None if value is None else float(value)


def items(rows: Sequence[Json]) -> Json:
    """The envelope of every list."""
    return {"items": list(rows)}


def session_summary(
    session: DesignSession, moderator_id: int, groups: int, participants: int
) -> Json:
    """A session as the list shows it."""
    return {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "date": session.date.isoformat(),
        "starts_at": clock(session.starts_at),
        "ends_at": clock(session.ends_at),
        "venue": session.venue,
        "phase": session.phase.value,
        "is_owner": session.owner_id == moderator_id,
        "counts": {"groups": groups, "participants": participants},
    }


def session_list_item(summary: SessionSummary, moderator_id: int) -> Json:
    """A line of the moderator's list of sessions."""
    return session_summary(
        summary.session, moderator_id, summary.group_count, summary.participant_count
    )


def session_details(
    session: DesignSession, moderator_id: int, voting: VotingCounts, survey_responses: int
) -> Json:
    """Everything about a session except its parts, which have their own resources."""
    summary = session_summary(session, moderator_id, len(session.groups), voting.participants)
    summary["counts"] |= {
        "agenda_items": len(session.agenda),
        "dot_voters": voting.voters,
        "raters": voting.raters,
        "survey_responses": survey_responses,
    }
    return summary | {
        "theme": session.theme,
        "language": session.language,
        "host_organisation": session.host_organisation,
        "co_organisers": session.co_organiser_list,
        "framing_event": session.framing_event,
        "contact_name": session.contact_name,
        "contact_phone": session.contact_phone,
        "join_code": session.join_code,
        "others_may_view_models": session.others_may_view_models,
        "moderators": [
            {"name": session.owner.full_name, "is_owner": True},
            *({"name": m.full_name, "is_owner": False} for m in session.co_moderators),
        ],
        "created_at": moment(session.created_at),
    }


def agenda_item(item: AgendaItem) -> Json:
    """One item of the programme."""
    return {
        "id": item.id,
        "position": item.position,
        "starts_at": clock(item.starts_at),
        "ends_at": clock(item.ends_at),
        "duration_minutes": item.duration_minutes,
        "kind": item.kind.value,
        "title": item.title,
        "speaker": item.speaker,
        "speaker_credentials": item.speaker_credentials,
    }


def group(group: CreativeGroup) -> Json:
    """A creative group without its members' names (those are under participants)."""
    leader = group.leader
    return {
        "id": group.id,
        "position": group.position,
        "name": group.name,
        "model_topic": group.model_topic,
        "description": group.description,
        "capacity": group.capacity,
        "member_count": len(group.members),
        "free_places": group.free_places,
        "leader_id": leader.id if leader else None,
    }


def participant(person: Participant) -> Json:
    """A participant with the personal data they registered with."""
    return {
        "id": person.id,
        "full_name": person.full_name,
        "organisation": person.organisation,
        "position": person.position,
        "city": person.city,
        "email": person.email or None,
        "group_id": person.group_id,
        "is_leader": person.is_leader,
        "joined_at": moment(person.joined_at),
        "consented_at": moment(person.consented_at),
    }


def _cell(value: Any) -> str:
    """A table cell as text; JavaScript sends whole numbers back as floats."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def model_section(section: TemplateSection, stored: Mapping[str, Any] | None) -> Json:
    """One template section with what the group wrote in it."""
    base: Json = {"key": section.key, "title": section.title, "kind": section.kind.value}
    stored = stored or {}
    if section.kind.value == "table":
        columns = [
            {"key": str(c.get("key", "")), "title": str(c.get("title", ""))}
            for c in section.columns or []
        ]
        rows = [
            {c["key"]: _cell(row.get(c["key"])) for c in columns}
            for row in stored.get("rows") or []
            if isinstance(row, Mapping)
        ]
        return base | {"columns": columns, "rows": rows}
    return base | {"text": str(stored.get("text") or "")}


def model(
    group: CreativeGroup, sections: Sequence[TemplateSection], snapshot: Mapping[str, Any]
) -> Json:
    """A group's interaction model: the template's sections in order, filled from the snapshot."""
    stored = snapshot.get("sections") or {}
    return {
        "group_id": group.id,
        "group_name": group.name,
        "model_topic": group.model_topic,
        "sections": [model_section(section, stored.get(section.key)) for section in sections],
    }


def votes(results: Results, criteria: Sequence[RatingCriterion]) -> Json:
    """The voting results, every row whether or not participants may see them yet."""
    rows = []
    for row in results:
        averages = getattr(row, "averages", None) or {}
        rows.append(
            {
                "group_id": row.group.id,
                "group_name": row.group.name,
                "place": row.place,
                "place_to": row.place_to,
                "place_label": row.place_label,
                "tied": row.tied,
                "dots": getattr(row, "dots", None),
                "average": number(getattr(row, "average", None)),
                "raters": getattr(row, "raters", None),
                "averages": [
                    {"criterion_id": c.id, "average": number(averages.get(c.id))}
                    for c in criteria
                    if c.id in averages
                ],
            }
        )
    return {
        "mode": results.mode.value,
        "hidden": results.hidden,
        "voters": results.voters,
        "votes_cast": results.votes_cast,
        "criteria": [{"id": c.id, "title": c.title} for c in criteria],
        "items": rows,
    }


def survey_question(question: QuestionSummary) -> Json:
    """One question's answers counted, with shares in percent as numbers."""
    return {
        "id": question.id,
        "key": question.key,
        "kind": question.kind.value,
        "title": question.title,
        "required": question.required,
        "answered": question.answered,
        "options": list(question.options),
        "scale_max": question.scale_max,
        "answers": [
            {
                "value": value,
                "count": count,
                "percentage": number(question.percentages.get(value)),
            }
            for value, count in question.counts.items()
        ],
        "average": number(question.average),
        "top_mark": question.top_mark,
        "top_share": number(question.top_share),
        "texts": [{"text": t.text, "respondent": t.respondent} for t in question.texts],
    }


def survey(summary: SurveySummary) -> Json:
    """The survey's results."""
    return {
        "answered": summary.answered,
        "total": summary.total,
        "answered_share": number(summary.answered_share),
        "anonymous": summary.anonymous,
        "is_open": summary.is_open,
        "questions": [survey_question(q) for q in summary.questions],
    }


def material(file: MaterialFile, filename: str, url: str) -> Json:
    """A file of the session's materials and where to download it."""
    return {
        "name": file.key,
        "filename": filename,
        "content_type": file.mimetype,
        "url": url,
    }
