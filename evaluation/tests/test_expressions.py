"""The expression subset: parsing and evaluation (the JS walks the same trees)."""

from decimal import Decimal

import pytest

from evaluation.expressions import ExpressionError, evaluate, parse, references


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("${q} = 'yes'", {"q": "yes"}, True),
        ("${q} = 'yes'", {"q": "no"}, False),
        ("${q} != 'yes'", {"q": ""}, True),
        ("selected(${s}, 'gp')", {"s": ["gp", "ae"]}, True),
        ("selected(${s}, 'gp')", {"s": ["ae"]}, False),
        ("${a} = 'x' and ${b} = 'y'", {"a": "x", "b": "n"}, False),
        ("${a} = 'x' or ${b} = 'y'", {"a": "n", "b": "y"}, True),
        ("(${a} = 'x' or ${a} = 'z') and ${b} = 'y'", {"a": "z", "b": "y"}, True),
        ("${age} >= 18", {"age": Decimal(17)}, False),
        ("${age} >= 18", {"age": Decimal(18)}, True),
        ("${age} < 18", {"age": ""}, False),
        ("${n} = 2", {"n": Decimal("2.0")}, True),
        ("not(${q} = 'yes')", {"q": "yes"}, False),
        ("not(${q} = 'yes')", {"q": ""}, True),
        ("not(selected(${s}, 'a') and selected(${s}, 'b')) and ${q} = 'y'", {"s": ["a", "b"], "q": "y"}, False),
        ("not(selected(${s}, 'a') and selected(${s}, 'b')) and ${q} = 'y'", {"s": ["a"], "q": "y"}, True),
    ],
)
def test_relevant_expressions(text, values, expected):
    assert evaluate(parse(text), values) is expected


def test_dot_is_the_current_value():
    tree = parse(". >= 16 and . <= 100")
    assert evaluate(tree, {}, current=Decimal(16)) is True
    assert evaluate(tree, {}, current=Decimal(101)) is False
    assert evaluate(tree, {}, current=Decimal("15.5")) is False


def test_blank_means_always():
    assert parse("") is None
    assert evaluate(None, {}) is True


def test_references_are_found():
    assert references(parse("${a} = 'x' and selected(${b}, 'y')")) == {"a", "b"}


@pytest.mark.parametrize(
    "text",
    [
        "${q} = ",
        "count(${q}) > 2",
        "${q} = 'a' and",
        "${q} 'a'",
        "(${q} = 'a'",
        "${q} = 'a' xor ${r} = 'b'",
        "not ${q} = 'a'",
        "not()",
    ],
)
def test_outside_the_subset_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_trees_are_json_safe():
    import json

    tree = parse("selected(${s}, 'gp') or . > 3.5")
    assert json.loads(json.dumps(tree)) == tree


def nested(depth: int) -> str:
    return "(" * depth + "${q} = 'a'" + ")" * depth


def chain(conditions: int) -> str:
    return " or ".join(f"${{q}} = '{n}'" for n in range(conditions))


def test_the_limits_themselves_still_parse_and_evaluate():
    import json

    from evaluation.expressions import MAX_CONDITIONS, MAX_NESTING

    deep, long = parse(nested(MAX_NESTING)), parse(chain(MAX_CONDITIONS))
    assert evaluate(deep, {"q": "a"}) is True and evaluate(long, {"q": str(MAX_CONDITIONS - 1)}) is True
    assert references(long) == {"q"} and json.loads(json.dumps(long)) == long


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (nested(21), "brackets are nested more than 20 deep"),
        (nested(900), "brackets are nested more than 20 deep"),  # was a RecursionError
        (chain(101), "more than 100 conditions"),
        (chain(3000)[:1990], "more than 100 conditions"),  # a tree this deep broke references() and evaluate()
        ("${q} = '" + "a" * 2000 + "'", "longer than 2,000 characters"),
    ],
)
def test_too_deep_too_many_or_too_long_is_a_clear_error(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse(text)
