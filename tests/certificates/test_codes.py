"""Verification codes: twelve unambiguous characters, read however people type them."""

from __future__ import annotations

from facilitator.certificates import codes


def test_new_codes_use_the_unambiguous_alphabet_and_differ():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == 12 and set(code) <= set(codes.ALPHABET) for code in made)
    assert not set("ILOU") & set("".join(made))


def test_a_code_is_printed_in_groups_of_four():
    assert codes.grouped("7K2M9QXD4TNB") == "7K2M-9QXD-4TNB"


def test_typed_codes_are_read_case_and_space_insensitively():
    for typed in ("7k2m-9qxd-4tnb", " 7K2M 9QXD 4TNB ", "7K2M—9QXD—4TNB", "7k2m9qxd4tnb"):
        assert codes.normalise(typed) == "7K2M9QXD4TNB"


def test_lookalike_letters_are_read_as_the_digits_they_resemble():
    assert codes.normalise("OK2M-9QXD-4TNI") == "0K2M9QXD4TN1"
    assert codes.normalise("LK2M-9QXD-4TNB") == "1K2M9QXD4TNB"


def test_what_cannot_be_a_code_is_none():
    for typed in ("", "123", "7K2M-9QXD-4TNB-7", "<script>", "7K2M-9QXD-4TN!"):
        assert codes.normalise(typed) is None
