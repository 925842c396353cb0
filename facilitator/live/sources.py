"""What the engagement and survey packages know, as the projector and the dashboard show it.

When a read raises, the projector and the dashboard show an empty state instead of failing.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from facilitator.engagement import mic, voting
from facilitator.sessions.models import DesignSession
from facilitator.survey import results as survey_results

log = logging.getLogger(__name__)

S = TypeVar("S")
T = TypeVar("T")


@dataclass(frozen=True)
class QueueEntry:
    """Someone waiting for (or holding) the open microphone."""

    name: str
    detail: str = ""
    speaking: bool = False


@dataclass(frozen=True)
class ResultLine:
    """One model's result in the vote."""

    name: str
    score: float
    #: The score as shown: «12» dots or «4,3» average
    shown: str
    #: «1» or «1–2» for tied models
    place: str = ""
    #: The score as a share of the best one, for the bar
    share: float = 0.0


@dataclass(frozen=True)
class VotingResults:
    """The vote as the projector shows it."""

    lines: tuple[ResultLine, ...] = ()
    hidden: bool = False
    voters: int | None = None
    votes: int | None = None


@dataclass(frozen=True)
class VoteCount:
    """How far the vote has got, without its results."""

    voters: int
    votes: int


@dataclass(frozen=True)
class SurveyCount:
    """How many of the registered participants answered the survey."""

    answered: int
    total: int


def reads(
    source: Callable[[DesignSession], S | None],
) -> Callable[[Callable[[S], T]], Callable[[DesignSession], T | None]]:
    """Show what ``source`` finds for a session; None when it finds nothing or fails (logged)."""

    def decorate(show: Callable[[S], T]) -> Callable[[DesignSession], T | None]:
        @functools.wraps(show)
        def read(session: DesignSession) -> T | None:
            try:
                found = source(session)
                return None if found is None else show(found)
            except Exception:
                log.exception("%s failed for session %s", show.__name__, session.id)
                return None

        return read

    return decorate


@reads(mic.queue)
def open_mic_queue(queue: Any) -> list[QueueEntry]:
    """The speaker, then the waiting hands; None when there is no queue."""
    speaker = getattr(queue, "speaker", None)
    hands = ([speaker] if speaker is not None else []) + list(getattr(queue, "waiting", []))
    return [
        QueueEntry(
            name=hand.participant.full_name,
            detail=hand.group.name if getattr(hand, "group", None) else "",
            speaking=hand is speaker,
        )
        for hand in hands
    ]


@reads(voting.results)
def voting_results(results: Any) -> VotingResults:
    """The vote's results best first, or that they are hidden."""
    lines = []
    for row in results:
        score = getattr(row, "dots", None)
        if score is None:
            score = getattr(row, "overall", None)
        number = float(score or 0)
        shown = f"{number:.1f}".replace(".", ",") if number % 1 else str(int(number))
        lines.append(ResultLine(row.group.name, number, shown, getattr(row, "place_label", "")))
    top = max((line.score for line in lines), default=0.0)
    return VotingResults(
        lines=tuple(
            dataclasses.replace(line, share=line.score / top if top else 0.0) for line in lines
        ),
        hidden=bool(getattr(results, "hidden", False)),
        voters=getattr(results, "voters", None),
        votes=getattr(results, "votes_cast", None),
    )


@reads(voting.turnout)
def vote_count(turnout: voting.Turnout) -> VoteCount:
    """Voters and votes cast in the session's way of voting."""
    return VoteCount(int(turnout.voters), int(turnout.votes_cast))


@reads(survey_results.answer_count)
def survey_count(found: survey_results.AnswerCount) -> SurveyCount:
    """How many answered the survey."""
    return SurveyCount(int(found.answered), int(found.total))
