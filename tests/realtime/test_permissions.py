"""Who may read and edit a group's model, as a table of cases."""

import pytest

from facilitator.realtime.permissions import decide
from facilitator.sessions.phases import Phase

EDITING = [Phase.draft, Phase.lobby, Phase.talks, Phase.group_work]
AFTER_WORK = [Phase.presentations, Phase.open_mic, Phase.voting, Phase.survey, Phase.closed]


@pytest.mark.parametrize("phase", EDITING)
def test_members_edit_until_group_work_ends(phase):
    assert decide("participant", True, phase, True, False) == ("editor", None)


@pytest.mark.parametrize("phase", AFTER_WORK)
def test_members_only_read_after_group_work(phase):
    assert decide("participant", True, phase, True, False) == ("viewer", "work_over")


@pytest.mark.parametrize("phase", AFTER_WORK)
def test_members_edit_again_when_a_moderator_reopened_the_group(phase):
    assert decide("participant", True, phase, False, True) == ("editor", None)


@pytest.mark.parametrize("phase", EDITING + AFTER_WORK)
def test_moderators_always_edit(phase):
    assert decide("moderator", False, phase, False, False) == ("editor", None)


def test_other_groups_read_when_the_session_allows_it():
    assert decide("participant", False, Phase.group_work, True, False) == (
        "viewer",
        "other_group",
    )
    assert decide("participant", False, Phase.group_work, True, True) == (
        "viewer",
        "other_group",
    )


def test_other_groups_see_nothing_when_the_session_forbids_it():
    assert decide("participant", False, Phase.group_work, False, False) is None


def test_unidentified_people_see_nothing():
    assert decide(None, False, Phase.group_work, True, True) is None
