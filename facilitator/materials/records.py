"""Plain data the document builders read: a session's facts, groups, votes, comments, survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from facilitator.engagement.common import Place, Ranked

#: Survey question kinds the builders understand
SCALE, YES_NO, CHOICE, TEXT = "scale", "yes_no", "choice", "text"
YES_ANSWERS = frozenset({"yes", "да", "true", "1"})
#: Ways of voting: dots on models, or scores on criteria
DOTS, RATING = "dots", "rating"


@dataclass(frozen=True)
class Logo:
    """An organisation's logo as stored with the session."""

    data: bytes
    mimetype: str
    width: int
    height: int


@dataclass(frozen=True)
class SessionFacts:
    """What the documents say about the event itself."""

    id: int
    title: str
    kind: str
    theme: str
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time | None = None
    venue: str = ""
    host_organisation: str = ""
    co_organisers: tuple[str, ...] = ()
    framing_event: str = ""
    language: str = "ru"
    contact_name: str = ""
    contact_phone: str = ""
    #: Officials and guests present, and the moderators with positions, one per item
    officials: tuple[str, ...] = ()
    moderators: tuple[str, ...] = ()
    cultural_programme: str = ""
    closing_thanks: str = ""
    #: Link to the post already published
    post_url: str = ""
    #: The city whose districts participants name, as typed («Санкт-Петербург»)
    districts_city: str = ""
    join_code: str = ""
    phase: str = "draft"
    logos: tuple[Logo, ...] = ()

    @property
    def venue_beyond_host(self) -> str:
        """The venue without the host organisation it repeats: «X, ул. Ленсовета, д. 6» gives
        «ул. Ленсовета, д. 6», and «X» alone gives "" («на базе X (X)» reads as a slip)."""
        venue = " ".join(self.venue.split())
        host = " ".join(self.host_organisation.split())
        rest = venue[len(host) :]
        if not host or not venue.casefold().startswith(host.casefold()) or rest[:1].isalnum():
            return venue
        return rest.lstrip(" ,;:—–-")


@dataclass(frozen=True)
class AgendaEntry:
    """One item of the programme."""

    starts_at: dt.time
    duration_minutes: int
    kind: str
    title: str
    speaker: str = ""
    speaker_credentials: str = ""


@dataclass(frozen=True)
class ParticipantRecord:
    """A registered participant."""

    id: int
    full_name: str
    organisation: str
    position: str
    city: str
    email: str = ""
    group_id: int | None = None
    group_name: str = ""
    is_leader: bool = False
    joined_at: dt.datetime | None = None


@dataclass(frozen=True)
class Column:
    """A column of a table section."""

    key: str
    title: str


@dataclass(frozen=True)
class SectionContent:
    """One template section of a group's model with what the group wrote in it."""

    key: str
    title: str
    kind: str
    columns: tuple[Column, ...] = ()
    text: str = ""
    rows: tuple[Mapping[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the group left the section blank."""
        if self.kind == "table":
            return not any(str(v).strip() for row in self.rows for v in row.values())
        return not self.text.strip()

    @property
    def filled_rows(self) -> tuple[Mapping[str, str], ...]:
        """Table rows with at least one non-blank cell."""
        return tuple(r for r in self.rows if any(str(v).strip() for v in r.values()))


@dataclass(frozen=True)
class Member:
    """A member of a creative group."""

    full_name: str
    position: str = ""
    organisation: str = ""
    city: str = ""
    is_leader: bool = False


@dataclass(frozen=True)
class GroupRecord:
    """A creative group and the interaction model it worked out."""

    id: int
    position: int
    name: str
    topic: str = ""
    description: str = ""
    members: tuple[Member, ...] = ()
    sections: tuple[SectionContent, ...] = ()

    @property
    def leader(self) -> Member | None:
        """The group's leader, if one is named."""
        return next((m for m in self.members if m.is_leader), None)

    def section(self, key: str) -> SectionContent | None:
        """The section with this key, if the template has it."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def model_title(self) -> str:
        """What the model is called: its title section, else the topic, else the group's name."""
        title = self.section("title")
        if title is not None and title.text.strip():
            return " ".join(title.text.split())
        return " ".join((self.topic or self.name).split())

    @property
    def filled_sections(self) -> int:
        """How many sections have content."""
        return sum(1 for s in self.sections if not s.is_empty)

    @property
    def has_model(self) -> bool:
        """Whether any section has content."""
        return self.filled_sections > 0


@dataclass(frozen=True)
class Vote:
    """One vote for a group's model (points > 1 for weighted or ranked voting)."""

    group_id: int
    voter: str = ""
    points: int = 1
    cast_at: dt.datetime | None = None


@dataclass(frozen=True)
class Rating:
    """One participant's scores of one model, by criterion title (rating mode)."""

    group_id: int
    voter: str = ""
    scores: Mapping[str, int] = field(default_factory=dict)
    rated_at: dt.datetime | None = None


@dataclass(frozen=True)
class ModelResult(Ranked):
    """A model's place in the voting; tied models share a place range such as 1–2."""

    group_id: int
    place: int
    place_to: int
    dots: int = 0
    #: Rating mode: the mean of the criteria's averages, and each criterion's average by title
    average: float | None = None
    averages: tuple[tuple[str, float | None], ...] = ()
    raters: int = 0

    @property
    def tied(self) -> bool:
        """Whether other models share this place."""
        return Place(self.place, self.place_to).tied


@dataclass(frozen=True)
class VotingResults:
    """The voting as the engagement feature counted it; empty rows when nobody voted."""

    mode: str = DOTS
    rows: tuple[ModelResult, ...] = ()
    #: Rating mode: the criteria in order, the highest score, and every participant's scores
    criteria: tuple[str, ...] = ()
    scale_max: int = 5
    ratings: tuple[Rating, ...] = ()
    #: People who placed a dot (or gave a score)
    voters: int = 0
    #: Dots placed (or scores given)
    votes_cast: int = 0


@dataclass(frozen=True)
class Comment:
    """A question or suggestion from the open microphone, about a group's model or in general."""

    text: str
    author: str = ""
    group_id: int | None = None
    created_at: dt.datetime | None = None
    #: How many participants supported it
    upvotes: int = 0


@dataclass(frozen=True)
class Speaker:
    """Someone who had the floor at the open microphone, about a model or in general."""

    full_name: str
    organisation: str = ""
    group_id: int | None = None
    spoke_at: dt.datetime | None = None


@dataclass(frozen=True)
class SurveyQuestion:
    """A satisfaction-survey question."""

    key: str
    text: str
    kind: str = SCALE
    scale_max: int = 5
    options: tuple[str, ...] = ()
    #: How the post-release reports the share of top answers, e.g. «поставили высший балл …»
    report_phrase: str = ""


@dataclass(frozen=True)
class SurveyResponse:
    """One participant's answers, by question key."""

    #: Several chosen options come as a tuple
    answers: Mapping[str, str | int | tuple[str, ...] | None]
    respondent: str = ""
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class SurveyResults:
    """The survey's questions and every response."""

    questions: tuple[SurveyQuestion, ...] = ()
    responses: tuple[SurveyResponse, ...] = ()
    #: Whether responses are kept apart from names: no respondent, no time
    anonymous: bool = False


@dataclass(frozen=True)
class SessionMaterials:
    """Everything the documents are built from."""

    session: SessionFacts
    agenda: tuple[AgendaEntry, ...] = ()
    #: The people who attended (``Participant.attended``); pre-registered no-shows are left out
    participants: tuple[ParticipantRecord, ...] = ()
    groups: tuple[GroupRecord, ...] = ()
    votes: tuple[Vote, ...] = ()
    comments: tuple[Comment, ...] = ()
    survey: SurveyResults = field(default_factory=SurveyResults)
    voting: VotingResults = field(default_factory=VotingResults)
    speakers: tuple[Speaker, ...] = ()
    #: Photos for the post (JPEG bytes), in order
    photos: tuple[bytes, ...] = ()

    @property
    def rating(self) -> bool:
        """Whether the models were rated on criteria rather than given dots."""
        return self.voting.mode == RATING

    def group_votes(self, group_id: int) -> int:
        """Points a group's model received."""
        return sum(v.points for v in self.votes if v.group_id == group_id)

    def model_results(self) -> tuple[ModelResult, ...]:
        """Every model's place, best first: as the voting counted it, else from the votes."""
        if self.voting.rows:
            return self.voting.rows
        totals = {g.id: self.group_votes(g.id) for g in self.groups}
        ordered = sorted(self.groups, key=lambda g: (-totals[g.id], g.position, g.id))
        values = [totals[g.id] for g in ordered]
        results = []
        start = 0
        while start < len(ordered):
            end = start
            while end + 1 < len(ordered) and values[end + 1] == values[start]:
                end += 1
            results.extend(
                ModelResult(g.id, start + 1, end + 1, dots=totals[g.id])
                for g in ordered[start : end + 1]
            )
            start = end + 1
        return tuple(results)

    def model_result(self, group_id: int) -> ModelResult | None:
        """The group's model's place in the voting, if it was in it."""
        return next((r for r in self.model_results() if r.group_id == group_id), None)

    def group_speakers(self, group_id: int) -> list[Speaker]:
        """Who spoke about a group's model at the open microphone, in order."""
        return [s for s in self.speakers if s.group_id == group_id]

    def group_comments(self, group_id: int) -> list[Comment]:
        """Open-microphone comments about a group's model, in order."""
        return [c for c in self.comments if c.group_id == group_id]

    def group_name(self, group_id: int | None) -> str:
        """The name of the group with this id, or empty."""
        return next((g.name for g in self.groups if g.id == group_id), "")
