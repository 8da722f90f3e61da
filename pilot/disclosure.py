"""Disclosure control: the one policy for every figure about people, on pages, in exports and in reports.

Who is looking decides how a figure is shown (`policy_for`):

- coordinators and evaluators process the data and see **exact** figures;
- the keepers of a record see it exactly: a site contact or facilitator sees the meetings of
  their own site or group as they registered them (the caller says so with `keeper=True`);
- everyone else who sees figures (the steering committee, site contacts and facilitators for
  data they do not keep, the public) sees **published** figures.

Published figures (docs/privacy.md has the same rules as a table):

- a count of people: 0 stays 0, 1 to THRESHOLD shows as "*", any other count is rounded to the
  nearest BASE. This holds at every level, the whole network included: an exact total printed
  beside rounded parts (on the same page or another) gives a part away by subtraction;
- a percentage of people is computed from the published count and the published base;
- an average of people per thing (attendance per meeting) is the published total divided by the
  number of things, so that average x things gives back only the published total;
- a mean or median of people's own answers (an age) is shown only where its base is at least
  MIN_BASE, to the nearest whole number; a minimum or maximum (one person's answer) only for the
  whole network over the whole period, on at least MIN_BASE answers;
- a questionnaire scope with fewer than MIN_RESPONSES responses shows no breakdown at all;
- a total printed with its parts is withheld when, with the published parts, it would pin a
  part (or itself) to one value (`pinned`).

Tunables (pilot/conf.py, read at call time): DISCLOSURE_THRESHOLD (7), DISCLOSURE_ROUNDING_BASE
(5), DISCLOSURE_MIN_BASE (10), DISCLOSURE_MIN_RESPONSES (10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pilot import conf
from pilot.roles import Role, role_of

HIDDEN = "*"
WITHHELD = "–"  # a total left out because it would give a part away


def threshold() -> int:
    """Counts of people from 1 to this are shown as '*' in published figures."""
    return conf.disclosure_threshold()


def rounding_base() -> int:
    """Other published counts of people are rounded to the nearest multiple of this."""
    return conf.disclosure_rounding_base()


def min_base() -> int:
    """Published means and medians of people's answers need at least this many answers."""
    return conf.disclosure_min_base()


def min_responses() -> int:
    """A questionnaire scope with fewer responses than this shows no breakdown in published figures."""
    return conf.disclosure_min_responses()


PROCESSORS = (Role.COORDINATOR, Role.EVALUATOR)


def round_half_up(value, places: int = 0):
    """Round half up (not to even) to `places` decimals; an int when places is 0."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if places == 0 else float(rounded)


def round_to_base(value: int, base: int | None = None) -> int:
    """Round half up (away from zero on a tie, as `round_half_up`) to the nearest multiple of the base."""
    base = base or rounding_base()
    value = int(value)
    # In whole numbers: |value| / base rounded half up is (2|value| + base) // (2 base).
    rounded = (2 * abs(value) + base) // (2 * base) * base
    return rounded if value >= 0 else -rounded


def published_count(value, *, limit: int | None = None, base: int | None = None) -> int | str | None:
    """A count of people as published: 0, '*' for 1..threshold, else rounded to the base (never to 0).

    `limit` and `base`: the threshold and rounding base when the caller has read them already
    (`Disclosure.settled`); else they are read now."""
    if value is None or value == HIDDEN:
        return value
    value = int(value)
    if value <= 0:
        return 0
    if value <= (threshold() if limit is None else limit):
        return HIDDEN
    rounded = round_to_base(value, base)
    return rounded if rounded > 0 else HIDDEN


def is_hidden(value) -> bool:
    return value in (HIDDEN, WITHHELD)


def plot_value(shown) -> float:
    """Where a chart draws a figure: a hidden one ('*') half-way up its possible range, so no bar claims more."""
    if shown is None or shown == WITHHELD:
        return 0.0
    if shown == HIDDEN:
        return (1 + threshold()) / 2
    return float(shown)


@dataclass(frozen=True)
class Disclosure:
    """How figures about people are shown to one reader: exact, or published.

    `limit`, `base` and `minimum` (the threshold, rounding base and minimum base) are None for a policy
    that reads them at each call; `settled()` gives the same policy with them read once."""

    exact: bool
    limit: int | None = field(default=None, compare=False)
    base: int | None = field(default=None, compare=False)
    minimum: int | None = field(default=None, compare=False)

    def settled(self) -> Disclosure:
        """This policy with its tunables read now, once: for laying out a whole table, where a network-wide
        report publishes hundreds of thousands of cells. Its figures are those of the policy itself."""
        if self.exact or self.limit is not None:
            return self
        return Disclosure(exact=False, limit=threshold(), base=rounding_base(), minimum=min_base())

    @property
    def label(self) -> str:
        return "exact" if self.exact else "published"

    # --- counts and shares ------------------------------------------------------------------
    def count(self, value):
        """A count of people."""
        return value if self.exact else published_count(value, limit=self.limit, base=self.base)

    def counts(self, values: Sequence) -> list:
        return [self.count(v) for v in values]

    def percent(self, count, base, *, places: int = 1):
        """count as a percentage of base (both counts of people); None when base is 0."""
        if count is None or base is None:
            return None
        shown, shown_base = self.count(count), self.count(base)
        if is_hidden(shown) or is_hidden(shown_base):
            return HIDDEN
        if not shown_base:
            return None
        return round_half_up(Decimal(100) * shown / Decimal(shown_base), places)

    # --- averages and statistics ----------------------------------------------------------------
    def per_thing(self, total, things: int, *, places: int = 1):
        """People per thing (attendance per meeting): from the published total, so that it adds nothing."""
        if total is None or not things:
            return None
        shown = self.count(total)
        if is_hidden(shown):
            return HIDDEN
        return round_half_up(Decimal(shown) / things, places)

    def statistic(self, value, *, base, places: int = 1):
        """A mean or median of people's own answers (an age): published to whole numbers on a base of MIN_BASE+."""
        if value is None or self.exact:
            return value
        if not base or is_hidden(base) or int(base) < self._min_base():
            return HIDDEN
        return round_half_up(value, 0)

    def extreme(self, value, *, base, whole: bool):
        """A minimum or maximum: one person's own answer, published only for the whole network and period."""
        if value is None or self.exact:
            return value
        if not whole or not base or int(base) < self._min_base():
            return HIDDEN
        return value

    def _min_base(self) -> int:
        return min_base() if self.minimum is None else self.minimum

    def too_few_responses(self, responses: int) -> bool:
        """Published figures show nothing about a questionnaire scope with fewer than MIN_RESPONSES responses."""
        return not self.exact and 0 < int(responses or 0) < min_responses()

    def total(self, value, *partitions: Sequence):
        """A total printed beside its (published) parts: the published total, withheld if, with any one set of
        parts it adds up, it would pin a value."""
        shown = self.count(value)
        if self.exact or shown is None:
            return shown
        return (
            WITHHELD
            if any(pinned(list(parts), shown, limit=self.limit, base=self.base) for parts in partitions)
            else shown
        )

    def rule_text(self) -> str:
        """The sentence a page or report prints to say how its figures were treated."""
        if self.exact:
            return (
                "Exact figures, for those who process the data: not for publication. Counts of 1 to "
                f"{threshold()} people can identify someone; share these figures only as published figures."
            )
        t, b, m = threshold(), rounding_base(), min_base()
        return (
            f"Published figures: counts of people from 1 to {t} are shown as *, other counts are rounded to the "
            f"nearest {b} (0 stays 0), at every level; percentages and averages are worked out from the rounded "
            f"counts; means and medians of answers need {m} or more answers; totals that would give a hidden "
            f"figure away are shown as {WITHHELD}. Counts of meetings and sums of money are exact."
        )


EXACT = Disclosure(exact=True)
PUBLISHED = Disclosure(exact=False)


def policy_for(user, *, keeper: bool = False) -> Disclosure:
    """The disclosure policy for this reader: exact for coordinators and evaluators and for a record's keepers."""
    if role_of(user) in PROCESSORS:
        return EXACT
    if keeper and role_of(user) in (Role.SITE_CONTACT, Role.FACILITATOR):
        return EXACT
    return PUBLISHED


# --- what a reader can infer ----------------------------------------------------------------------
def interval(shown, *, limit: int | None = None, base: int | None = None) -> tuple[int, int] | None:
    """The exact values a published count may stand for (None: anything, e.g. a withheld total).

    `limit` and `base`: the threshold and rounding base when the caller has read them already."""
    if shown is None or shown == WITHHELD:
        return None
    limit = threshold() if limit is None else limit
    if shown == HIDDEN:
        return (1, limit)
    value = int(shown)
    if value == 0:
        return (0, 0)
    base = rounding_base() if base is None else base
    # Half-up rounding to `base`: x rounds to v when v - base/2 <= x < v + base/2.
    low = -(-(2 * value - base) // 2)  # ceil(v - base/2)
    high = -(-(2 * value + base) // 2) - 1  # ceil(v + base/2) - 1
    return (max(low, limit + 1), high)


def pinned(parts: Sequence, total, *, limit: int | None = None, base: int | None = None) -> bool:
    """True if the published parts and total pin one of them (or the total) to a single value.

    A reader knows each part and the total only as intervals; the total must equal the sum of the
    parts. Narrowing every interval by that constraint must leave each non-zero figure with at least
    two possible values. `limit` and `base`: as for `interval`.
    """
    limit = threshold() if limit is None else limit
    base = rounding_base() if base is None else base
    total_range = interval(total, limit=limit, base=base)
    ranges = [interval(p, limit=limit, base=base) for p in parts]
    if total_range is None or any(r is None for r in ranges) or not ranges:
        return False
    low_sum = sum(r[0] for r in ranges)
    high_sum = sum(r[1] for r in ranges)
    t_low, t_high = max(total_range[0], low_sum), min(total_range[1], high_sum)
    if t_low == t_high and t_low != 0:
        return True
    for low, high in ranges:
        others_low, others_high = low_sum - low, high_sum - high
        p_low, p_high = max(low, total_range[0] - others_high), min(high, total_range[1] - others_low)
        if p_low == p_high and p_low != 0:
            return True
    return False
