import pytest

from pilot.spreadsheets import neutralise, unneutralise


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx", "\nx"])
def test_formula_like_text_is_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("value", ["plain", "", "O'Brien", 12, None, 3.5])
def test_other_values_pass_untouched(value):
    assert neutralise(value) == value


def test_an_apostrophe_before_ordinary_text_is_kept_on_the_way_back():
    assert unneutralise("'tis") == "'tis"
