"""The token service: only a hash is stored, tokens are checked, used and revoked."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa

from facilitator.api import tokens
from facilitator.api.models import ApiToken
from facilitator.extensions import db


def test_issuing_stores_the_hash_and_a_prefix_but_never_the_token(moderator):
    issued = tokens.issue(moderator, "  Отчёт   ИМЦ ")

    row = db.session.execute(sa.select(ApiToken.__table__)).one()._asdict()
    assert issued.secret.startswith("fac_")
    assert len(issued.secret) >= 40
    assert row["token_hash"] == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert row["prefix"] == issued.secret[:8]
    assert row["name"] == "Отчёт ИМЦ"
    assert all(issued.secret not in str(value) for value in row.values())


def test_each_token_is_different(moderator):
    assert tokens.issue(moderator, "a").secret != tokens.issue(moderator, "b").secret


def test_authenticate_finds_the_token_and_notes_its_use(moderator):
    issued = tokens.issue(moderator, "Скрипт")
    assert issued.record.last_used_at is None

    found = tokens.authenticate(issued.secret)

    assert found is not None
    assert found.moderator_id == moderator.id
    db.session.expire_all()
    assert db.session.get(ApiToken, issued.record.id).last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(moderator):
    issued = tokens.issue(moderator, "Скрипт")
    tokens.authenticate(issued.secret)
    first = db.session.get(ApiToken, issued.record.id).last_used_at

    tokens.authenticate(issued.secret)
    assert db.session.get(ApiToken, issued.record.id).last_used_at == first

    issued.record.last_used_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    db.session.commit()
    tokens.authenticate(issued.secret)
    db.session.expire_all()
    later = db.session.get(ApiToken, issued.record.id).last_used_at
    assert later.replace(tzinfo=dt.UTC) > dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)


@pytest.mark.parametrize("secret", ["", "fac_", "fac_wrong", "not-a-token"])
def test_authenticate_refuses_unknown_strings(moderator, secret):
    tokens.issue(moderator, "Скрипт")
    assert tokens.authenticate(secret) is None


def test_a_revoked_token_no_longer_authenticates(moderator):
    issued = tokens.issue(moderator, "Скрипт")

    revoked = tokens.revoke(moderator, issued.record.id)

    assert revoked is not None and revoked.revoked
    assert tokens.authenticate(issued.secret) is None


def test_a_moderator_cannot_revoke_another_moderators_token(moderator, make_moderator):
    issued = tokens.issue(moderator, "Скрипт")

    assert tokens.revoke(make_moderator(), issued.record.id) is None
    assert tokens.authenticate(issued.secret) is not None


@pytest.mark.parametrize("name", ["", "   ", "я" * (tokens.MAX_NAME_LENGTH + 1)])
def test_a_token_needs_a_reasonable_name(moderator, name):
    with pytest.raises(tokens.TokenError):
        tokens.issue(moderator, name)


def test_active_tokens_are_limited_and_revoking_frees_a_place(moderator, monkeypatch):
    monkeypatch.setattr(tokens, "MAX_ACTIVE_TOKENS", 2)
    first = tokens.issue(moderator, "1")
    tokens.issue(moderator, "2")

    with pytest.raises(tokens.TokenError, match="2"):
        tokens.issue(moderator, "3")

    tokens.revoke(moderator, first.record.id)
    assert tokens.issue(moderator, "3").secret


def test_tokens_are_listed_active_first(moderator):
    old = tokens.issue(moderator, "старый")
    tokens.issue(moderator, "новый")
    tokens.revoke(moderator, old.record.id)

    assert [t.name for t in tokens.tokens_of(moderator)] == ["новый", "старый"]


def test_tokens_work_on_postgresql_too(any_backend_app):
    from facilitator.accounts.models import Moderator

    moderator = Moderator(email="pg@example.org", full_name="Мария Иванова")
    moderator.set_password("x")
    db.session.add(moderator)
    db.session.commit()
    issued = tokens.issue(moderator, "Скрипт")

    assert tokens.authenticate(issued.secret).id == issued.record.id
    tokens.revoke(moderator, issued.record.id)
    assert tokens.authenticate(issued.secret) is None
