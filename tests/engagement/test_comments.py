"""Comments on models: limits, markup as text, one upvote per person, hiding by the moderator."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitator.engagement import comments
from facilitator.engagement.errors import InvalidInput, NotAllowed, NotFound, WrongPhase
from facilitator.engagement.models import CommentUpvote, ModelComment
from facilitator.extensions import db


@pytest.fixture
def open_session(make_session):
    return make_session(groups=2, phase="presentations")


def stored() -> int:
    return db.session.scalar(sa.select(sa.func.count(ModelComment.id)))


def test_a_comment_is_stored_as_typed_without_control_characters(open_session, make_voter):
    author = make_voter(open_session)
    comment = comments.add(
        author, open_session.groups[0].id, "  Хорошая модель.\r\n\r\n\r\n\r\nА\x00 где ресурсы?  "
    )
    assert comment.body == "Хорошая модель.\n\nА где ресурсы?"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Сначала напишите комментарий"),
        ("   \n  ", "Сначала напишите комментарий"),
        ("ы" * 1001, "слишком длинный: 1001 симв., допускается не более 1000"),
        ("<b></b><script></script>&nbsp;", "одна разметка"),
    ],
)
def test_empty_long_or_markup_only_comments_are_refused(open_session, make_voter, body, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        comments.add(make_voter(open_session), open_session.groups[0].id, body)
    assert refused.value.field == "body"
    assert stored() == 0


def test_a_comment_of_exactly_the_limit_is_accepted(open_session, make_voter):
    comments.add(make_voter(open_session), open_session.groups[0].id, "ы" * 1000)
    assert stored() == 1


def test_the_database_refuses_an_overlong_comment_too(open_session, make_voter):
    author = make_voter(open_session)
    db.session.add(
        ModelComment(
            session_id=open_session.id,
            group_id=open_session.groups[0].id,
            participant_id=author.id,
            body="ы" * 1001,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_markup_with_words_is_kept_as_text(open_session, make_voter):
    comment = comments.add(
        make_voter(open_session),
        open_session.groups[0].id,
        "<b>Жирно</b> <script>alert(1)</script>",
    )
    assert comment.body == "<b>Жирно</b> <script>alert(1)</script>"


def test_comments_outside_the_public_phases_are_refused(make_session, make_voter):
    session = make_session(phase="group_work")
    with pytest.raises(WrongPhase, match="во время презентаций"):
        comments.add(make_voter(session), session.groups[0].id, "Рано")
    assert stored() == 0


def test_a_model_of_another_session_is_not_found(open_session, make_session, make_voter):
    other = make_session(phase="presentations")
    with pytest.raises(NotFound):
        comments.add(make_voter(open_session), other.groups[0].id, "Не туда")
    assert stored() == 0


def test_comments_are_sorted_by_upvotes_then_age(open_session, make_voter):
    group = open_session.groups[0]
    first, second, third = (make_voter(open_session) for _ in range(3))
    old = comments.add(first, group.id, "Первый")
    popular = comments.add(second, group.id, "Второй")
    comments.add(third, group.id, "Третий")
    comments.set_upvote(first, popular.id, True)
    comments.set_upvote(third, popular.id, True)
    comments.set_upvote(third, old.id, True)

    rows = comments.visible_for(group, viewer=third)
    assert [(r.comment.body, r.upvotes, r.upvoted, r.mine) for r in rows] == [
        ("Второй", 2, True, False),
        ("Первый", 1, True, False),
        ("Третий", 0, False, True),
    ]
    assert comments.visible_counts(open_session) == {group.id: 3}


def test_supporting_twice_counts_once_and_withdrawing_removes_it(open_session, make_voter):
    author, reader = make_voter(open_session), make_voter(open_session)
    comment = comments.add(author, open_session.groups[0].id, "Идея")
    assert comments.set_upvote(reader, comment.id, True) == 1
    assert comments.set_upvote(reader, comment.id, True) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentUpvote)) == 1
    assert comments.set_upvote(reader, comment.id, False) == 0
    assert comments.set_upvote(reader, comment.id, False) == 0


def test_one_cannot_support_ones_own_comment(open_session, make_voter):
    author = make_voter(open_session)
    comment = comments.add(author, open_session.groups[0].id, "Моё")
    with pytest.raises(NotAllowed, match="собственный комментарий"):
        comments.set_upvote(author, comment.id, True)


def test_hidden_comments_disappear_for_participants_but_not_for_moderators(
    open_session, make_voter, moderator, notifications
):
    group = open_session.groups[0]
    author, reader = make_voter(open_session), make_voter(open_session)
    rude = comments.add(author, group.id, "Грубость")
    comments.add(author, group.id, "По делу")

    comments.set_hidden(open_session, rude.id, True, moderator)
    assert [r.comment.body for r in comments.visible_for(group)] == ["По делу"]
    assert comments.visible_counts(open_session) == {group.id: 1}
    moderated = comments.for_moderator(open_session)[group.id]
    assert {(r.comment.body, r.comment.hidden) for r in moderated} == {
        ("Грубость", True),
        ("По делу", False),
    }
    assert rude.hidden_by_id == moderator.id
    with pytest.raises(NotFound):
        comments.set_upvote(reader, rude.id, True)

    comments.set_hidden(open_session, rude.id, False, moderator)
    assert len(comments.visible_for(group)) == 2
    assert rude.hidden_by_id is None
    actions = [payload["action"] for _sid, event, payload in notifications if event == "comments"]
    assert actions == ["added", "added", "hidden", "shown"]


def test_every_groups_visible_comments_read_at_once_are_those_of_each_group(
    open_session, make_session, make_voter, moderator
):
    first, second = open_session.groups
    author, reader = make_voter(open_session), make_voter(open_session)
    comments.add(author, first.id, "Первый")
    popular = comments.add(author, first.id, "Второй")
    rude = comments.add(author, second.id, "Грубость")
    comments.add(reader, second.id, "По делу")
    comments.set_upvote(reader, popular.id, True)
    comments.set_hidden(open_session, rude.id, True, moderator)
    other = make_session(phase="presentations")
    comments.add(make_voter(other), other.groups[0].id, "Чужой")

    by_group = comments.visible_by_group(open_session)
    assert list(by_group) == [first.id, second.id]
    for group in (first, second):
        one_by_one = comments.visible_for(group)
        assert [(r.comment.id, r.upvotes) for r in by_group[group.id]] == [
            (r.comment.id, r.upvotes) for r in one_by_one
        ]
    assert [r.comment.body for r in by_group[first.id]] == ["Второй", "Первый"]
    assert [r.comment.body for r in by_group[second.id]] == ["По делу"]


def test_hiding_a_comment_of_another_session_is_not_found(
    open_session, make_session, make_voter, moderator
):
    other = make_session(phase="presentations")
    foreign = comments.add(make_voter(other), other.groups[0].id, "Чужой")
    with pytest.raises(NotFound):
        comments.set_hidden(open_session, foreign.id, True, moderator)
    assert not db.session.get(ModelComment, foreign.id).hidden
