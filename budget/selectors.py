"""Reads for a programme's budget: planned vs spent per head and month, and the projected outturn.

The budget period is the programme's: from its first to its last day.
Projection method (linear run rate): spending to date is assumed to continue at the same
average daily rate until the end of the programme, so

    projected outturn = spent to date x (days in the period / days elapsed so far)

rounded half-up to the penny, per head and for the whole budget; the total is the sum of the
heads' projections. Before the period starts or after it ends the projection is what was spent.
Projected variance = planned - projected outturn: positive is an underspend, negative an overspend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from budget.models import BudgetHead, Expense, SmallGrant
from programmes.models import Programme
from programmes.selectors import programmes_between

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def to_penny(value: Decimal) -> Decimal:
    """Round half-up to the penny."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def project_outturn(*, spent: Decimal, start: date, end: date, as_of: date) -> Decimal:
    """Linear run-rate projection of what will have been spent by `end`, given `spent` by `as_of`."""
    if as_of >= end or as_of < start:
        return to_penny(spent)
    elapsed = (as_of - start).days + 1
    total = (end - start).days + 1
    return to_penny(spent * total / elapsed)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from start's month to end's month, inclusive."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


@dataclass
class HeadLine:
    head: BudgetHead
    planned: Decimal
    spent: Decimal
    projected: Decimal
    by_month: dict[date, Decimal] = field(default_factory=dict)

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def projected_variance(self) -> Decimal:
        return self.planned - self.projected

    @property
    def month_cells(self) -> list[Decimal]:
        return list(self.by_month.values())

    @property
    def planned_per_month(self) -> Decimal:
        """The head's plan spread evenly over the period's months (display only; rounded to the penny)."""
        return to_penny(self.planned / len(self.by_month)) if self.by_month else self.planned


@dataclass
class MonthLine:
    month: date
    planned: Decimal
    spent: Decimal
    cumulative_planned: Decimal
    cumulative_spent: Decimal


@dataclass
class BudgetPosition:
    programme: Programme
    start: date
    end: date
    as_of: date
    heads: list[HeadLine]
    months: list[MonthLine]

    @property
    def planned(self) -> Decimal:
        return sum((h.planned for h in self.heads), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((h.spent for h in self.heads), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def projected(self) -> Decimal:
        return sum((h.projected for h in self.heads), ZERO)

    @property
    def projected_variance(self) -> Decimal:
        return self.planned - self.projected

    @property
    def finished(self) -> bool:
        return self.as_of >= self.end


def _spending_by_head_and_month(programme: Programme, as_of: date | None) -> dict[tuple[int, date], Decimal]:
    # Two queries: the programme's expenses and small grants, each summed per head and month in the database.
    totals: dict[tuple[int, date], Decimal] = defaultdict(lambda: ZERO)
    for model in (Expense, SmallGrant):
        queryset = model.objects.filter(head__programme=programme)
        if as_of is not None:
            queryset = queryset.filter(date__lte=as_of)
        rows = (
            queryset.annotate(month=TruncMonth("date"))
            .values("head_id", "month")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for row in rows:
            month = row["month"]
            if isinstance(month, datetime):
                month = month.date()
            # SQLite sums decimals in floating point; back to the penny at once.
            totals[(row["head_id"], month.replace(day=1))] += to_penny(Decimal(str(row["total"])))
    return totals


def budget_position(*, programme: Programme, as_of: date | None = None) -> BudgetPosition:
    """The programme's budget as at a date (default today, capped at the programme's last day): three queries."""
    start, end = programme.starts_on, programme.ends_on
    as_of = min(as_of or timezone.localdate(), end)
    months = months_between(start, end)
    # Once the programme is over, everything counts, including confirmed spending dated after the end.
    spending = _spending_by_head_and_month(programme, None if as_of >= end else as_of)
    heads = []
    for head in BudgetHead.objects.filter(programme=programme):
        by_month = {m: spending.get((head.pk, m), ZERO) for m in months}
        # Spending confirmed outside the period still counts against the head.
        spent = to_penny(sum((v for (head_id, _), v in spending.items() if head_id == head.pk), ZERO))
        projected = project_outturn(spent=spent, start=start, end=end, as_of=as_of)
        heads.append(HeadLine(head=head, planned=head.planned, spent=spent, projected=projected, by_month=by_month))
    planned_total = sum((h.planned for h in heads), ZERO)
    month_lines = []
    cumulative = ZERO
    for index, month in enumerate(months, start=1):
        spent = sum((h.by_month[month] for h in heads), ZERO)
        cumulative += spent
        month_lines.append(
            MonthLine(
                month=month,
                planned=to_penny(planned_total * index / len(months))
                - to_penny(planned_total * (index - 1) / len(months)),
                spent=spent,
                cumulative_planned=to_penny(planned_total * index / len(months)),
                cumulative_spent=cumulative,
            )
        )
    return BudgetPosition(programme=programme, start=start, end=end, as_of=as_of, heads=heads, months=month_lines)


def budget_chart(position: BudgetPosition, *, width: int = 640, height: int = 260) -> dict:
    """Coordinates for an inline SVG: cumulative planned vs cumulative spent per month, projection dashed."""
    # Room for a 16-unit "£100,000.00" on the left and half a month label on the right (.chart-readable).
    pad_left, pad_right, pad_bottom, pad_top = 128, 40, 30, 12
    plot_w, plot_h = width - pad_left - pad_right, height - pad_bottom - pad_top
    months = position.months
    top = max([position.planned, position.projected, *(m.cumulative_spent for m in months)], default=ZERO)
    top = top if top > 0 else Decimal(1)
    n = max(len(months), 1)

    def x(index: int) -> str:
        return str((pad_left + Decimal(plot_w) * index / n).quantize(Decimal("0.1")))

    def y(amount: Decimal) -> str:
        return str((pad_top + Decimal(plot_h) - Decimal(plot_h) * amount / top).quantize(Decimal("0.1")))

    planned = " ".join(f"{x(i + 1)},{y(m.cumulative_planned)}" for i, m in enumerate(months))
    elapsed = [(i, m) for i, m in enumerate(months) if m.month <= position.as_of]
    spent = " ".join(f"{x(i + 1)},{y(m.cumulative_spent)}" for i, m in elapsed)
    projection = ""
    if elapsed and not position.finished:
        i, m = elapsed[-1]
        projection = f"{x(i + 1)},{y(m.cumulative_spent)} {x(n)},{y(position.projected)}"
    # At most about seven month labels, six months or a multiple apart, so that they never overlap.
    every = 6 * max(1, -(-n // 36))
    shown = [i for i in range(n) if i % every == 0]
    if n - 1 > shown[-1]:  # the last month is always labelled, in place of a label too close to it
        shown = [*shown[:-1], n - 1] if n - 1 - shown[-1] < every * 3 / 4 and len(shown) > 1 else [*shown, n - 1]
    ticks = [{"x": x(i + 1), "label": months[i].month.strftime("%b %y")} for i in shown if i < len(months)]
    return {
        "width": width,
        "height": height,
        "planned": f"{x(0)},{y(ZERO)} {planned}",
        "spent": f"{x(0)},{y(ZERO)} {spent}" if spent else "",
        "projection": projection,
        "ticks": ticks,
        "top_label": to_penny(top),
        "top_y": y(top),
        "axis_y": y(ZERO),
        "left": pad_left,
        "right": width - pad_right,
    }


def recent_spending(*, programme: Programme, limit: int = 15) -> dict:
    """The programme's latest expenses and small grants for the budget page: two queries."""
    return {
        "expenses": list(
            Expense.objects.filter(head__programme=programme).select_related("head", "site", "event")[:limit]
        ),
        "grants": list(
            SmallGrant.objects.filter(head__programme=programme).select_related("head", "group__site")[:limit]
        ),
    }


def expenses_in(*, programme: Programme | None = None, start: date | None = None, end: date | None = None) -> QuerySet:
    """A programme's expenses, or every programme's expenses dated between two days, newest first."""
    expenses = Expense.objects.select_related("head__programme", "site", "event")
    if programme is not None:
        return expenses.filter(head__programme=programme)
    return expenses.filter(date__range=(start, end))


def programmes_overlapping(start: date, end: date) -> QuerySet[Programme]:
    """The programmes whose dates overlap the period, newest first, each with its planned total (one query)."""
    return programmes_between(start, end).annotate(planned=Sum("budget_heads__planned")).order_by("-starts_on", "name")
