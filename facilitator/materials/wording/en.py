"""English post-release wording."""

from __future__ import annotations

from facilitator.materials.facts import ModelLine, PostReleaseFacts
from facilitator.materials.wording import skeleton
from facilitator.materials.wording.skeleton import ChartWords, TopAnswer, speaker
from facilitator.text import numbers
from facilitator.text.dates import date_in_words, time_of_day
from facilitator.text.geography import describe_places_en
from facilitator.text.numbers import format_average, percent
from facilitator.text.typography import join_words


def counted(count: int, forms: tuple[str, str]) -> str:
    """«5 people»: figures stay digits, so no sentence starts with a lower-case word."""
    return numbers.counted(count, forms, words=False)


KIND = {
    "design_session": "design session",
    "strategic_session": "strategic session",
    "seminar": "seminar",
}
PEOPLE = ("person", "people")
ORGANISATIONS = ("organisation", "organisations")
EDUCATIONAL = ("educational organisation", "educational organisations")
GROUPS = ("creative group", "creative groups")
MODELS = ("interaction model", "interaction models")
VOTES = ("vote", "votes")
PARTICIPANTS = ("participant", "participants")
WRITTEN_COMMENTS = ("written comment", "written comments")

#: The survey sentence's phrase for a closed question's top answer
REPORTED = TopAnswer(
    scale="gave the top score ({scale_max}) to {quoted}",
    yes_no="answered “yes” to {quoted}",
    choice="chose {top} for {quoted}",
)
#: The paragraphs in print order, as in every language
PARAGRAPH_KEYS = skeleton.PARAGRAPH_KEYS


def _q(text: str) -> str:
    return f"“{text.strip()}”"


def _kind(facts: PostReleaseFacts) -> str:
    return KIND.get(facts.session.kind, KIND["design_session"])


def heading(facts: PostReleaseFacts) -> str:
    """«Post-release / of the design session / “…”»."""
    return f"Post-release\nof the {_kind(facts)}\n{_q(facts.session.title)}"


def opening(facts: PostReleaseFacts) -> str:
    """When, where and within what the event took place."""
    s = facts.session
    text = (
        f"On {date_in_words(s.date, 'en')} at {time_of_day(s.starts_at, 'en')}, "
        f"the {_kind(facts)} {_q(s.title)} took place"
    )
    if s.host_organisation.strip():
        text += f" at {s.host_organisation.strip()}"
    if s.venue_beyond_host:
        text += f" ({s.venue_beyond_host})"
    if s.framing_event.strip():
        text += f" as part of {s.framing_event.strip().rstrip('.')}"
    return text + "."


def organisers(facts: PostReleaseFacts) -> str:
    """The co-organisers."""
    co = [c.strip() for c in facts.session.co_organisers if c.strip()]
    if not co:
        return ""
    return f"The {_kind(facts)} was held jointly with {join_words(co, 'and')}."


def participants(facts: PostReleaseFacts) -> str:
    """How many took part and from where."""
    if facts.people == 0:
        return ""
    orgs = facts.organisations
    text = f"{counted(facts.people, PEOPLE)} took part"
    if orgs.total and orgs.educational == orgs.total:
        text += f", from {counted(orgs.total, EDUCATIONAL)}"
    elif orgs.total:
        text += f", from {counted(orgs.total, ORGANISATIONS)}"
    places = describe_places_en(facts.places)
    if places:
        text += f" ({places})"
    return text.replace("\u00a0", " ") + "."


def officials(facts: PostReleaseFacts) -> str:
    """Officials and guests present."""
    present = [line.rstrip(" .;") for line in facts.session.officials if line.strip(" .;")]
    return f"Present: {'; '.join(present)}." if present else ""


def theme(facts: PostReleaseFacts) -> str:
    """The theme."""
    subject = " ".join(facts.session.theme.split()).rstrip(".")
    return f"The theme of the {_kind(facts)}: {subject}." if subject else ""


def talks(facts: PostReleaseFacts) -> str:
    """Who opened the event and who spoke on what."""
    sentences = [
        f"The event was opened by {speaker(t)}." for t in facts.talks if t.opening and t.speaker
    ]
    for talk in (t for t in facts.talks if not t.opening):
        if talk.speaker:
            topic = f" on {_q(talk.topic)}" if talk.topic else ""
            sentences.append(f"{speaker(talk)} gave a talk{topic}.")
    return " ".join(sentences)


def models_intro(facts: PostReleaseFacts) -> str:
    """What the creative groups did."""
    if not facts.models:
        return ""
    return (
        f"Working in {counted(facts.groups_total, GROUPS)}, the participants worked out "
        f"{counted(len(facts.models), MODELS)} in detail for use in their own practice:"
    ).replace("\u00a0", " ")


def _model(model: ModelLine) -> str:
    return _q(model.title) + (f" — {model.summary.rstrip('.;')}" if model.summary else "")


def models(facts: PostReleaseFacts) -> str:
    """One line per model."""
    return skeleton.listed(facts.models, _model)


def flow(facts: PostReleaseFacts) -> str:
    """Group work, presentations and the open microphone."""
    steps = []
    if facts.has_presentations:
        steps.append("presented their results publicly")
    if facts.has_open_mic:
        steps.append("discussed them at the open microphone")
    text = f"After the group work, the participants {' and '.join(steps)}." if steps else ""
    if facts.speakers:
        text += f" {counted(facts.speakers, PARTICIPANTS)} spoke at the open microphone."
    if facts.comments:
        text += f" The participants left {counted(facts.comments, WRITTEN_COMMENTS)} on the models."
    return text.replace("\u00a0", " ").strip()


def voting(facts: PostReleaseFacts) -> str:
    """The voting results, ties as a shared first place."""
    if not facts.ranking:
        return ""
    leaders = [_q(m.title) for m in facts.leaders]
    if facts.rating:
        criteria = join_words([_q(c) for c in facts.criteria], "and")
        how = f"scores from 1 to {facts.scale_max}" + (f" on {criteria}" if criteria else "")
        best = format_average(facts.leaders[0].average or 0, "en")
        if len(leaders) == 1:
            text = f"In the rating ({how}), {leaders[0]} received the highest average: {best}."
        else:
            text = (
                f"In the rating ({how}), {join_words(leaders, 'and')} shared first place "
                f"with an average of {best}."
            )
        text += skeleton.below_first(
            facts.ranking,
            "Other averages",
            lambda m: f"{_q(m.title)} — {format_average(m.average or 0, 'en')}",
            "; ",
        )
    else:
        best_votes = counted(facts.leaders[0].votes, VOTES)
        if len(leaders) == 1:
            text = f"The voting gave the most support to {leaders[0]} ({best_votes})."
        else:
            text = (
                f"In the voting, {join_words(leaders, 'and')} shared first place "
                f"({best_votes} each)."
            )
        text += skeleton.below_first(
            facts.ranking,
            "Also received votes",
            lambda m: f"{_q(m.title)} — {counted(m.votes, VOTES)}",
            "; ",
        )
        text += f" In all, {counted(facts.votes_total, VOTES)}."
    if facts.voters:
        text += f" {counted(facts.voters, PEOPLE)} took part in the voting."
    return text.replace("\u00a0", " ")


def survey(facts: PostReleaseFacts) -> str:
    """The satisfaction survey."""
    if not facts.survey_respondents:
        return ""
    text = f"{counted(facts.survey_respondents, PEOPLE)} answered the survey."
    for q in facts.survey:
        if q.is_closed and q.answered and q.top:
            text += f" {percent(q.top, q.answered, 'en')} {REPORTED.reported(q, _q)}."
    return text.replace("\u00a0", " ")


def result(facts: PostReleaseFacts) -> str:
    """The main result."""
    if not facts.models:
        return ""
    return (
        f"The main result: {counted(len(facts.models), MODELS)} ready for use in the "
        "participants' own practice."
    ).replace("\u00a0", " ")


def next_steps(facts: PostReleaseFacts) -> str:
    """What happens next."""
    if not facts.models:
        return ""
    return (
        "Once the moderators have processed them, every participant will receive "
        "the groups' materials."
    )


def publication(facts: PostReleaseFacts) -> str:
    """A link to the post already published."""
    url = facts.session.post_url.strip()
    return f"Published at: {url}" if url else ""


def contact(facts: PostReleaseFacts) -> str:
    """The contact person."""
    name, phone = facts.session.contact_name.strip(), facts.session.contact_phone.strip()
    details = ", ".join(x for x in (name, f"phone {phone}" if phone else "") if x)
    return f"Contact: {details}." if details else ""


CHART = ChartWords(
    title_pattern="Survey: share of top scores and most frequent answers, % of those who answered "
    "({respondents} responses)",
    labels=TopAnswer(
        scale="{text} — score {scale_max}", yes_no="{text} — “yes”", choice="{text} — {top}"
    ),
    caption_pattern="Figure 1. Survey of the {kind} participants",
    quote=_q,
    kind=_kind,
)
