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


def test_the_editor_keeps_no_break_spaces_quotes_and_dashes_through_edit_and_save(
    demo_session, use_sources, moderator_client
):
    use_sources(demo_session.sources)
    session = demo_session.session
    nbsp = "\u00a0"
    edited = (
        f"Тема дизайн-сессии{nbsp}— «Модели „нового“ типа» в ГБОУ СОШ №{nbsp}496, "
        f"с{nbsp}участием А.{nbsp}И.{nbsp}Иванова и{nbsp}К.{nbsp}Д.{nbsp}Петрова."
    )
    assert edited.count(nbsp) == 8
    page = moderator_client.get(f"/sessions/{session.id}/materials/post-release")
    assert page.status_code == 200
    response = moderator_client.post(
        f"/sessions/{session.id}/materials/post-release", data={"p-theme": edited}
    )
    assert response.status_code == 302
    stored = drafts.stored_edits(session)["theme"]
    assert stored == edited and stored.count(nbsp) == 8
