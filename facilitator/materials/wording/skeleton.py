"""What every language's post-release shares: the paragraphs in order and how lists are built.

A language module writes each paragraph in its own words; the order of the paragraphs, the
models as a list, the models below first place, the organiser's own sentences and the way a
closed question's top answer is named come from here, so each language states only its words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from facilitator.materials.facts import ModelLine, PostReleaseFacts, Talk
from facilitator.materials.records import SCALE, YES_NO
from facilitator.materials.survey import QuestionSummary
from facilitator.text.typography import capitalise

#: Paragraph keys the wording fills, in the order they are printed
PARAGRAPH_KEYS = (
    "heading",
    "opening",
    "organisers",
    "participants",
    "officials",
    "theme",
    "talks",
    "models_intro",
    "models",
    "flow",
    "voting",
    "survey",
    "result",
    "next_steps",
    "cultural_programme",
    "thanks",
    "publication",
    "contact",
)


def speaker(talk: Talk) -> str:
    """The speaker with their credentials: «Иванов И. И., к.п.н.»."""
    return talk.speaker + (f", {talk.credentials}" if talk.credentials else "")


def listed(models: tuple[ModelLine, ...], line: Callable[[ModelLine], str]) -> str:
    """One line per model, each ending in «;» and the last in «.»."""
    last = len(models) - 1
    return "\n".join(line(m) + ("." if i == last else ";") for i, m in enumerate(models))


def below_first(
    ranking: tuple[ModelLine, ...], lead: str, item: Callable[[ModelLine], str], separator: str
) -> str:
    """« Lead: A — 5; B — 3.» for the models below first place, or nothing when there are none."""
    rest = [item(m) for m in ranking if m.place != 1]
    return f" {lead}: " + separator.join(rest) + "." if rest else ""


def organiser_sentence(text: str) -> str:
    """What the organiser typed as one sentence: spaces folded, a capital, a full stop."""
    text = " ".join(text.split())
    if not text:
        return ""
    return capitalise(text) + ("" if text[-1] in ".!?…" else ".")


def cultural_programme(facts: PostReleaseFacts) -> str:
    """The cultural programme, as the organiser wrote it («… посетили школьный музей»)."""
    return organiser_sentence(facts.session.cultural_programme)


def thanks(facts: PostReleaseFacts) -> str:
    """The closing thanks, as the organiser wrote them."""
    return organiser_sentence(facts.session.closing_thanks)


#: Paragraphs every language prints as the organiser wrote them
_AS_WRITTEN = {"cultural_programme": cultural_programme, "thanks": thanks}


def paragraphs(writers: Mapping[str, Any], facts: PostReleaseFacts) -> dict[str, str]:
    """Every paragraph's text by key, in print order, each from the language's function of it."""
    return {
        key: (writers[key] if key in writers else _AS_WRITTEN[key])(facts) for key in PARAGRAPH_KEYS
    }


@dataclass(frozen=True)
class TopAnswer:
    """A language's patterns naming a closed question's top answer, by the question's kind.

    Each pattern may use {text} (the question), {quoted} (the question in quotes), {top} (the
    most chosen option in quotes) and {scale_max} (the top score).
    """

    scale: str
    yes_no: str
    choice: str

    def name(self, summary: QuestionSummary, quote: Callable[[str], str]) -> str:
        """The pattern for the question's kind, filled in."""
        question = summary.question
        pattern = {SCALE: self.scale, YES_NO: self.yes_no}.get(question.kind, self.choice)
        return pattern.format(
            text=question.text,
            quoted=quote(question.text),
            top=quote(summary.top_label),
            scale_max=question.scale_max,
        )

    def reported(self, summary: QuestionSummary, quote: Callable[[str], str]) -> str:
        """What the share of top answers did: the organiser's report phrase, else the pattern."""
        phrase = summary.question.report_phrase.strip()
        return phrase.rstrip(".") if phrase else self.name(summary, quote)


@dataclass(frozen=True)
class ChartWords:
    """A language's words around the survey chart: its title, each bar's label, the caption."""

    #: The title, with {respondents}
    title_pattern: str
    #: Which answer each bar counts, after the question
    labels: TopAnswer
    #: The caption under the chart, with {kind}: the event's kind in the form the caption needs
    caption_pattern: str
    quote: Callable[[str], str]
    kind: Callable[[PostReleaseFacts], str]

    def title(self, facts: PostReleaseFacts) -> str:
        """The chart's title with the number of responses."""
        return self.title_pattern.format(respondents=facts.survey_respondents)

    def label(self, summary: QuestionSummary) -> str:
        """A bar's label: the question and which answer the bar counts."""
        return self.labels.name(summary, self.quote)

    def caption(self, facts: PostReleaseFacts) -> str:
        """The caption under the chart."""
        return self.caption_pattern.format(kind=self.kind(facts))
