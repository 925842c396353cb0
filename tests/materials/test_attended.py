"""The materials speak of the people who came: no-shows are not counted nor sent to."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.materials import mailing
from facilitator.materials.facts import gather_facts
from facilitator.materials.gather import gather
from facilitator.materials.results_letter import build_results_letter
from facilitator.materials.wording import ru
from tests.materials.conftest import empty_sources
from tests.materials.helpers import docx_text
from tests.materials.real_session import build_real_session

NO_SHOW = {
    "source": "import",
    "device_id": None,
    "organisation": "ООО «Никогда не был»",
    "position": "директор",
    "city": "Кронштадтский район",
}


@pytest.fixture
def app(any_backend_app):
    """SQLite and PostgreSQL: group members are read by a query."""
    return any_backend_app


@pytest.fixture
def real(app, make_session, make_participant, moderator):
    """The closed real session (12 who came, 10 with an e-mail), a checked-in import among
    them, and three pre-registered people who never came, two in groups, all with an e-mail."""
    real = build_real_session(make_session, make_participant, moderator)
    session = real.session
    for number, group in enumerate((session.groups[0], session.groups[1], None)):
        make_participant(
            session,
            group,
            full_name=f"Неявкина Ольга {number}",
            email=f"no{number}@ex.org",
            **NO_SHOW,
        )
    return real


def test_the_facts_count_only_people_who_came(real):
    facts = gather_facts(gather(real.session, empty_sources()))
    assert facts.people == 12
    assert "Кронштадтский район" not in facts.places
    assert facts.organisations.total == 1  # everyone who came is of ГБОУ СОШ № 496
    text = ru.participants(facts).replace("\xa0", " ")
    assert "приняли участие 12 человек" in text
    assert "Кронштадт" not in text


def test_the_materials_list_only_people_who_came(real):
    materials = gather(real.session, empty_sources())
    names = [p.full_name for p in materials.participants]
    assert len(names) == 12 and not any(name.startswith("Неявкина") for name in names)
    members = [m.full_name for group in materials.groups for m in group.members]
    assert len(members) == 12 and not any(name.startswith("Неявкина") for name in members)


def test_a_checked_in_import_counts(real, make_participant):
    make_participant(
        real.session,
        real.session.groups[2],
        full_name="Пришедшая Вера",
        arrived_at=dt.datetime(2023, 3, 27, 10, 50, tzinfo=dt.UTC),
        **(NO_SHOW | {"city": "Московский район"}),
    )
    facts = gather_facts(gather(real.session, empty_sources()))
    assert facts.people == 13
    assert "приняли участие 13 человек" in ru.participants(facts).replace("\xa0", " ")


def test_the_results_letter_counts_only_people_who_came(real):
    text = docx_text(build_results_letter(gather(real.session, empty_sources())))
    assert "приняли участие 12 человек — педагоги (12)." in " ".join(text.split())
    assert "руководители" not in text


def test_the_group_materials_go_only_to_people_who_came(real):
    audience = mailing.audience(real.session)
    addresses = sorted(r.email for r in audience.recipients)
    assert addresses == sorted(f"p{n}@example.org" for n in range(10))
    assert audience.without_email == 2
