"""Facts the post-release states, computed once from a session's materials for any language."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.materials.geography import Organisations, count_organisations
from facilitator.materials.records import GroupRecord, SessionFacts, SessionMaterials
from facilitator.materials.russian import first_sentence
from facilitator.materials.sanitize import one_line
from facilitator.materials.survey import QuestionSummary, respondents, summarise

#: Agenda kinds whose speaker gives a talk, and the one that opens the event
TALK_KINDS = ("talk",)
OPENING_KIND = "opening"


@dataclass(frozen=True)
class Talk:
    """A speaker from the agenda."""

    speaker: str
    credentials: str
    topic: str
    opening: bool = False


@dataclass(frozen=True)
class ModelLine:
    """A model worked out by a group, as the post-release lists it."""

    title: str
    summary: str
    group_name: str
    votes: int = 0


@dataclass(frozen=True)
class PostReleaseFacts:
    """Everything the wording needs, already counted and cleaned."""

    materials: SessionMaterials
    people: int
    organisations: Organisations
    places: tuple[str, ...]
    talks: tuple[Talk, ...]
    models: tuple[ModelLine, ...]
    groups_total: int
    has_presentations: bool
    has_open_mic: bool
    comments: int
    ranking: tuple[ModelLine, ...]
    votes_total: int
    voters: int
    survey_respondents: int
    survey: tuple[QuestionSummary, ...]

    @property
    def session(self) -> SessionFacts:
        """The session's own facts."""
        return self.materials.session


def model_summary(group: GroupRecord) -> str:
    """The model's one-line result: the idea's first sentence, else the group's description."""
    for key in ("idea", "goals", "final_context"):
        section = group.section(key)
        if section is not None and section.text.strip():
            return first_sentence(section.text)
    return first_sentence(group.description) if group.description.strip() else ""


def gather_facts(materials: SessionMaterials) -> PostReleaseFacts:
    """Count and select what the post-release says."""
    kinds = {entry.kind for entry in materials.agenda}
    talks = tuple(
        Talk(
            speaker=one_line(entry.speaker),
            credentials=one_line(entry.speaker_credentials),
            topic=one_line(entry.title),
            opening=entry.kind == OPENING_KIND,
        )
        for entry in materials.agenda
        if entry.kind in (*TALK_KINDS, OPENING_KIND)
        and (entry.speaker.strip() or entry.kind == "talk")
    )
    models = tuple(
        ModelLine(
            title=group.model_title,
            summary=model_summary(group),
            group_name=one_line(group.name),
            votes=materials.group_votes(group.id),
        )
        for group in materials.groups
        if group.has_model
    )
    ranking = tuple(sorted((m for m in models if m.votes > 0), key=lambda m: -m.votes))
    return PostReleaseFacts(
        materials=materials,
        people=len(materials.participants),
        organisations=count_organisations(p.organisation for p in materials.participants),
        places=tuple(p.city for p in materials.participants),
        talks=talks,
        models=models,
        groups_total=len(materials.groups),
        # Without an agenda the usual flow is assumed: presentations, then the open microphone.
        has_presentations="presentations" in kinds or not kinds,
        has_open_mic="open_mic" in kinds or not kinds or bool(materials.comments),
        comments=len(materials.comments),
        ranking=ranking,
        votes_total=sum(v.points for v in materials.votes),
        voters=len({v.voter for v in materials.votes if v.voter}),
        survey_respondents=respondents(materials.survey),
        survey=tuple(summarise(materials.survey)),
    )
