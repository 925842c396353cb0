"""Facts the post-release states, computed once from a session's materials for any language."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.materials.records import (
    RATING,
    GroupRecord,
    ModelResult,
    SessionFacts,
    SessionMaterials,
)
from facilitator.materials.survey import QuestionSummary, respondents, summarise
from facilitator.text.geography import Organisations, city_genitive, count_organisations
from facilitator.text.sanitize import one_line
from facilitator.text.typography import first_sentence

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
    #: What the post-release says of its voting result: dots, first place or not, the average
    votes: int = 0
    place: int = 0
    #: Rating mode: the mean of the criteria's averages
    average: float | None = None


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
    speakers: int
    #: Models that got dots (or scores), best first
    ranking: tuple[ModelLine, ...]
    #: Dots placed, or scores given when rating
    votes_total: int
    voters: int
    voting_mode: str
    criteria: tuple[str, ...]
    scale_max: int
    survey_respondents: int
    survey: tuple[QuestionSummary, ...]

    @property
    def session(self) -> SessionFacts:
        """The session's own facts."""
        return self.materials.session

    @property
    def districts_city(self) -> str:
        """The city of the districts participants name, in the genitive («Санкт-Петербурга»)."""
        s = self.session
        return city_genitive(s.districts_city, s.venue, s.host_organisation, *s.co_organisers)

    @property
    def rating(self) -> bool:
        """Whether models were rated on criteria rather than given dots."""
        return self.voting_mode == RATING

    @property
    def leaders(self) -> tuple[ModelLine, ...]:
        """The models in first place (several when tied)."""
        return tuple(m for m in self.ranking if m.place == 1)


def model_summary(group: GroupRecord) -> str:
    """The model's one-line result: the idea's first sentence, else the group's description."""
    for key in ("idea", "goals", "final_context"):
        section = group.section(key)
        if section is not None and section.text.strip():
            return first_sentence(section.text)
    return first_sentence(group.description) if group.description.strip() else ""


def model_line(group: GroupRecord, result: ModelResult | None) -> ModelLine:
    """A group's model with its voting result."""
    return ModelLine(
        title=group.model_title,
        summary=model_summary(group),
        group_name=one_line(group.name),
        votes=result.dots if result else 0,
        place=result.place if result else 0,
        average=result.average if result else None,
    )


def _ranking(materials: SessionMaterials) -> tuple[ModelLine, ...]:
    groups = {g.id: g for g in materials.groups}
    lines = []
    for result in materials.model_results():
        group = groups.get(result.group_id)
        supported = result.average is not None if materials.rating else result.dots > 0
        if group is not None and supported:
            lines.append(model_line(group, result))
    return tuple(lines)


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
        model_line(group, materials.model_result(group.id))
        for group in materials.groups
        if group.has_model
    )
    voting = materials.voting
    if materials.rating:
        votes_total = voting.votes_cast
    else:
        votes_total = sum(v.points for v in materials.votes) or voting.votes_cast
    voters = voting.voters if voting.rows else len({v.voter for v in materials.votes if v.voter})
    return PostReleaseFacts(
        materials=materials,
        people=len(materials.participants),
        organisations=count_organisations(p.organisation for p in materials.participants),
        places=tuple(p.city for p in materials.participants),
        talks=talks,
        models=models,
        groups_total=len(materials.groups),
        # Without an agenda, models worked out are taken as presented; the open microphone is
        # told only when the agenda had it or someone spoke or commented.
        has_presentations="presentations" in kinds or (not kinds and bool(models)),
        has_open_mic="open_mic" in kinds or bool(materials.comments) or bool(materials.speakers),
        comments=len(materials.comments),
        speakers=len(materials.speakers),
        ranking=_ranking(materials),
        votes_total=votes_total,
        voters=voters,
        voting_mode=voting.mode,
        criteria=voting.criteria,
        scale_max=voting.scale_max,
        survey_respondents=respondents(materials.survey),
        survey=tuple(summarise(materials.survey)),
    )
