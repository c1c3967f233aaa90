from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.anchor import AFFIX_LENGTH, AnchorError, locate, normalise

TEXT = "Зеленський заявив. Потім Зеленський пішов. Кінець тексту."


def test_a_unique_quote_is_found_with_its_context() -> None:
    found = locate(TEXT, "Потім")
    assert (found.start, found.end) == (19, 24)
    assert TEXT[found.start : found.end] == found.exact == "Потім"
    assert TEXT.endswith(found.suffix, 0, found.end + len(found.suffix))
    assert found.prefix == TEXT[:19]


def test_an_ambiguous_quote_names_every_offset() -> None:
    with pytest.raises(AnchorError) as error:
        locate(TEXT, "Зеленський")
    assert error.value.message == "quote occurs 2 times in the article (at 0, 25)"
    assert error.value.hint == "add 'start: 0' (or another of those offsets) to say which"


def test_start_picks_an_occurrence_and_must_be_one() -> None:
    assert locate(TEXT, "Зеленський", 25).start == 25
    with pytest.raises(AnchorError, match=r"does not start at offset 3 \(it occurs at 0, 25\)"):
        locate(TEXT, "Зеленський", 3)


def test_a_missing_quote_with_other_quotation_marks_gets_a_precise_hint() -> None:
    text = "Він сказав: «так» і пішов"
    with pytest.raises(AnchorError) as error:
        locate(text, 'сказав: "так"')
    assert "other quotation marks" in error.value.hint


def test_quotes_past_the_body_belong_to_page_furniture() -> None:
    text = "Тіло статті.\nСхожі новини: Тіло"
    assert locate(text, "Тіло", limit=13).start == 0
    with pytest.raises(AnchorError, match="only after the end of the article's body"):
        locate(text, "Схожі", limit=13)


def test_offsets_are_code_points_of_nfc_text() -> None:
    decomposed = "Ї".replace("Ї", "І\u0308") + "жак"  # Ї written as two code points
    text = normalise("Ось " + decomposed)
    found = locate(text, decomposed)
    assert (found.start, found.end) == (4, 8)
    assert unicodedata.is_normalized("NFC", found.exact)


@given(st.text(min_size=1, max_size=200), st.integers(min_value=0, max_value=199), st.integers(1, 40))
def test_any_slice_of_a_text_anchors_back_to_itself(text: str, at: int, length: int) -> None:
    text = normalise(text)
    at = min(at, len(text) - 1)
    quote = text[at : at + length]
    first = text.find(quote)
    found = locate(text, quote, first)
    assert text[found.start : found.end] == quote
    assert found.prefix == text[max(0, found.start - AFFIX_LENGTH) : found.start]
    assert found.suffix == text[found.end : found.end + AFFIX_LENGTH]
