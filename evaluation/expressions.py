"""The subset of XLSForm expressions we honour in `relevant` and `constraint`.

    ${q} = 'v'    ${q} != 'v'    selected(${q}, 'v')    . >= 16 and . <= 99    (a or b) and c    not(a)

`parse()` turns the text into a small JSON-safe tree; `evaluate()` walks it here
on the server and static/js/questionnaire.js walks the same tree in the browser,
so both sides agree on one parse. Values: '' for unanswered, a string for text and
select_one, a list of choice names for select_multiple, Decimal for numbers,
ISO text for dates.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][A-Za-z0-9_.-]*\})|(?P<num>-?\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<op>!=|<=|>=|=|<|>)|(?P<punct>[(),])|(?P<dot>\.(?![0-9]))|(?P<word>[A-Za-z_][A-Za-z0-9_-]*))"
)
COMPARISONS = {"=", "!=", "<", "<=", ">", ">="}
# Bounds that keep parsing, evaluating and serialising a tree far from Python's recursion limit
# (and the browser's); no real skip rule comes near them.
MAX_LENGTH = 2000
MAX_NESTING = 20
MAX_CONDITIONS = 100


class ExpressionError(ValueError):
    """An expression outside the supported subset, with a message a form author understands."""


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"cannot read {text[pos : pos + 15]!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0
        self.nesting = 0
        self.conditions = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            wanted = value or kind or "more"
            raise ExpressionError(f"expected {wanted} but found {tok[1] or 'the end'}")
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        if self.peek()[0] is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r}")
        return node

    def or_expr(self):
        node = self.and_expr()
        while self.peek() == ("word", "or"):
            self.take()
            node = ["or", node, self.and_expr()]
        return node

    def and_expr(self):
        node = self.comparison()
        while self.peek() == ("word", "and"):
            self.take()
            node = ["and", node, self.comparison()]
        return node

    def comparison(self):
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise ExpressionError(f"the expression has more than {MAX_CONDITIONS} conditions; split it up")
        if self.peek() == ("punct", "("):
            self.take()
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise ExpressionError(f"brackets are nested more than {MAX_NESTING} deep")
            node = self.or_expr()
            self.take("punct", ")")
            self.nesting -= 1
            return node
        if self.peek() == ("word", "not"):
            self.take()
            self.take("punct", "(")
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise ExpressionError(f"brackets are nested more than {MAX_NESTING} deep")
            node = self.or_expr()
            self.take("punct", ")")
            self.nesting -= 1
            return ["not", node]
        if self.peek() == ("word", "selected"):
            self.take()
            self.take("punct", "(")
            ref = self.operand()
            if ref[0] not in ("ref", "self"):
                raise ExpressionError("selected() needs a question, like selected(${services}, 'gp')")
            self.take("punct", ",")
            kind, value = self.take("str")
            self.take("punct", ")")
            return ["selected", ref, value[1:-1]]
        left = self.operand()
        kind, op = self.peek()
        if kind != "op":
            raise ExpressionError("expected a comparison such as = 'yes' or >= 16")
        self.take()
        return ["cmp", op, left, self.operand()]

    def operand(self):
        kind, value = self.peek()
        if kind == "ref":
            self.take()
            return ["ref", value[2:-1]]
        if kind == "dot":
            self.take()
            return ["self"]
        if kind == "num":
            self.take()
            return ["num", value]
        if kind == "str":
            self.take()
            return ["str", value[1:-1]]
        raise ExpressionError(f"unsupported {value!r}" if value else "the expression ends too soon")


def parse(text: str) -> list | None:
    """Parse an expression into a tree; None for blank; ExpressionError if outside the subset."""
    if not text or not text.strip():
        return None
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH:,} characters")
    return _Parser(text).parse()


def references(node) -> set[str]:
    """Question names an expression tree refers to."""
    if not isinstance(node, list):
        return set()
    if node[0] == "ref":
        return {node[1]}
    return set().union(*(references(child) for child in node[1:]))


def _number(value) -> Decimal | None:
    if isinstance(value, list) or value in ("", None):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _value(node, values: dict, current):
    if node[0] == "ref":
        return values.get(node[1], "")
    if node[0] == "self":
        return current
    return node[1]


def _compare(op: str, left, right) -> bool:
    if isinstance(left, list):
        left = " ".join(left)
    if isinstance(right, list):
        right = " ".join(right)
    lnum, rnum = _number(left), _number(right)
    if op in ("=", "!="):
        equal = lnum == rnum if lnum is not None and rnum is not None else str(left) == str(right)
        return equal if op == "=" else not equal
    if lnum is not None and rnum is not None:
        a, b = lnum, rnum
    elif left in ("", None) or right in ("", None):
        return False
    else:
        a, b = str(left), str(right)  # ISO dates compare as text
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def evaluate(node, values: dict, current=None) -> bool:
    """Evaluate a parsed tree against answers by question name; `current` is the value of '.'."""
    if node is None:
        return True
    head = node[0]
    if head == "or":
        return evaluate(node[1], values, current) or evaluate(node[2], values, current)
    if head == "and":
        return evaluate(node[1], values, current) and evaluate(node[2], values, current)
    if head == "not":
        return not evaluate(node[1], values, current)
    if head == "selected":
        value = _value(node[1], values, current)
        chosen = value if isinstance(value, list) else str(value or "").split()
        return node[2] in chosen
    if head == "cmp":
        return _compare(node[1], _value(node[2], values, current), _value(node[3], values, current))
    raise ExpressionError(f"unknown node {head!r}")
