"""Session phases and kinds: enums shared by models, forms and views."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from facilitator.choices import LabelledEnum


class Phase(LabelledEnum):
    """Where a session stands; every connected device follows it."""

    draft = "draft", _l("Preparation")
    lobby = "lobby", _l("Registration")
    talks = "talks", _l("Talks")
    group_work = "group_work", _l("Group work")
    presentations = "presentations", _l("Presentations")
    open_mic = "open_mic", _l("Open microphone")
    voting = "voting", _l("Voting")
    survey = "survey", _l("Survey")
    closed = "closed", _l("Closed")

    @property
    def accepts_participants(self) -> bool:
        """Whether people may join with the code in this phase."""
        return self not in (Phase.draft, Phase.closed)


class SessionKind(LabelledEnum):
    """The format of the event, as organisers name it in their documents."""

    design_session = "design_session", _l("Design session")
    strategic_session = "strategic_session", _l("Strategic session")
    seminar = "seminar", _l("Seminar")


#: Each format's name, still to be translated, for choices built at import time
SESSION_KIND_LABELS = SessionKind.labels()


class AgendaKind(LabelledEnum):
    """What happens during an agenda item; it tells which phase the item drives."""

    opening = "opening", _l("Opening")
    talk = "talk", _l("Talk")
    group_work = "group_work", _l("Group work")
    presentations = "presentations", _l("Presentations")
    open_mic = "open_mic", _l("Open microphone")
    voting = "voting", _l("Voting")
    survey = "survey", _l("Survey")
    break_ = "break", _l("Break")
    other = "other", _l("Other")

    @property
    def phase(self) -> Phase:
        """The session phase this kind of item runs in."""
        return AGENDA_KIND_PHASES[self]


#: Each kind's name, still to be translated, for choices built at import time
AGENDA_KIND_LABELS = AgendaKind.labels()

AGENDA_KIND_PHASES = {
    AgendaKind.opening: Phase.talks,
    AgendaKind.talk: Phase.talks,
    AgendaKind.group_work: Phase.group_work,
    AgendaKind.presentations: Phase.presentations,
    AgendaKind.open_mic: Phase.open_mic,
    AgendaKind.voting: Phase.voting,
    AgendaKind.survey: Phase.survey,
    AgendaKind.break_: Phase.talks,
    AgendaKind.other: Phase.talks,
}


class SectionKind(enum.StrEnum):
    """How a section of the interaction-model template is edited."""

    text = "text"
    table = "table"
