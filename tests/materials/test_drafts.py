"""The organiser's post-release edits and the sharing setting are stored per session."""

from __future__ import annotations

from facilitator.materials import drafts


def test_only_paragraphs_that_differ_from_the_generated_text_are_kept(demo_session, moderator):
    session = demo_session.session
    generated = {"opening": "Сгенерировано\u00a0так.", "theme": "Тема."}
    changed = drafts.save_edits(
        session, {"opening": "Сгенерировано так.\r\n", "theme": "Своя тема."}, generated, moderator
    )
    assert changed == ["theme"]
    assert drafts.stored_edits(session) == {"theme": "Своя тема."}


def test_submitting_the_generated_text_again_removes_the_edit(demo_session, moderator):
    session = demo_session.session
    generated = {"theme": "Тема."}
    drafts.save_edits(session, {"theme": "Своя тема."}, generated, moderator)
    assert drafts.save_edits(session, {"theme": "Тема."}, generated, moderator) == ["theme"]
    assert drafts.stored_edits(session) == {}


def test_an_emptied_paragraph_is_stored_as_empty(demo_session, moderator):
    session = demo_session.session
    drafts.save_edits(session, {"flow": "   "}, {"flow": "Ход сессии."}, moderator)
    assert drafts.stored_edits(session) == {"flow": ""}


def test_reset_brings_back_the_generated_text(demo_session, moderator):
    session = demo_session.session
    drafts.save_edits(session, {"theme": "Своя."}, {"theme": "Тема."}, moderator)
    assert drafts.reset_paragraph(session, "theme", moderator)
    assert not drafts.reset_paragraph(session, "theme", moderator)
    assert drafts.stored_edits(session) == {}


def test_sharing_is_off_until_turned_on(demo_session, moderator):
    session = demo_session.session
    assert not drafts.shared_with_participants(session)
    drafts.set_sharing(session, True, moderator)
    assert drafts.shared_with_participants(session)
    drafts.set_sharing(session, False, moderator)
    assert not drafts.shared_with_participants(session)
