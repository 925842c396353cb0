"""Session phases and kinds: enums shared by models, forms and views."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Phase(enum.StrEnum):
    """Where a session stands; every connected device follows it."""

    draft = "draft"
    lobby = "lobby"
    talks = "talks"
    group_work = "group_work"
    presentations = "presentations"
    open_mic = "open_mic"
    voting = "voting"
    survey = "survey"
    closed = "closed"

    @property
    def label(self) -> str:
        """Human name in the current locale."""
        return str(PHASE_LABELS[self])

    @property
    def accepts_participants(self) -> bool:
        """Whether people may join with the code in this phase."""
        return self not in (Phase.draft, Phase.closed)


PHASE_LABELS = {
    Phase.draft: _l("Preparation"),
    Phase.lobby: _l("Registration"),
    Phase.talks: _l("Talks"),
    Phase.group_work: _l("Group work"),
    Phase.presentations: _l("Presentations"),
    Phase.open_mic: _l("Open microphone"),
    Phase.voting: _l("Voting"),
    Phase.survey: _l("Survey"),
    Phase.closed: _l("Closed"),
}


class SessionKind(enum.StrEnum):
    """The format of the event, as organisers name it in their documents."""

    design_session = "design_session"
    strategic_session = "strategic_session"
    seminar = "seminar"

    @property
    def label(self) -> str:
        """Human name in the current locale."""
        return str(SESSION_KIND_LABELS[self])


SESSION_KIND_LABELS = {
    SessionKind.design_session: _l("Design session"),
    SessionKind.strategic_session: _l("Strategic session"),
    SessionKind.seminar: _l("Seminar"),
}


class AgendaKind(enum.StrEnum):
    """What happens during an agenda item; it tells which phase the item drives."""

    opening = "opening"
    talk = "talk"
    group_work = "group_work"
    presentations = "presentations"
    open_mic = "open_mic"
    voting = "voting"
    survey = "survey"
    break_ = "break"
    other = "other"

    @property
    def label(self) -> str:
        """Human name in the current locale."""
        return str(AGENDA_KIND_LABELS[self])

    @property
    def phase(self) -> Phase:
        """The session phase this kind of item runs in."""
        return AGENDA_KIND_PHASES[self]


AGENDA_KIND_LABELS = {
    AgendaKind.opening: _l("Opening"),
    AgendaKind.talk: _l("Talk"),
    AgendaKind.group_work: _l("Group work"),
    AgendaKind.presentations: _l("Presentations"),
    AgendaKind.open_mic: _l("Open microphone"),
    AgendaKind.voting: _l("Voting"),
    AgendaKind.survey: _l("Survey"),
    AgendaKind.break_: _l("Break"),
    AgendaKind.other: _l("Other"),
}

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
