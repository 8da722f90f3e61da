"""Demo budget: the pilot's £100,000 over April 2008 - March 2010, its six heads and the expenses that tell the
report's story (salaries underspent, travel over, trainers' expenses and networking not in the original budget).

The heads and their totals come from the report; the amounts and dates of the expenses are illustrative. The heads
belong to the pilot programme (programmes/demo.py); expenses point at the training demo's events by title.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.models import BudgetHead, Expense
from pilot import illustrative
from programmes import demo as programmes_demo
from programmes.models import Programme
from sites.models import HostSite
from training.demo import FACILITATOR_TRAININGS, NETWORKING, PROFESSIONALS_TRAININGS
from training.models import Event

# Why a figure is illustrative (pilot.illustrative).
PLANNED_NOTE = "Illustrative: the report gives the £100,000 budget and its heads, not the amount planned for each."
SPENT_NOTE = (
    "Illustrative: the report gives no spending, only that salaries were underspent, travel needed more, and "
    "trainers' expenses and networking events were not in the original budget."
)
EXPENSE_NOTE = "Illustrative: the report lists no expenses; these amounts and dates tell its story."

HEADS = [
    ("Staffing", 1, "50000.00", "Project coordinator salaries, insurance and related costs."),
    ("Management and office", 2, "10000.00", "Staff overheads and stationery."),
    ("Training", 3, "12000.00", "Contracts to provide training. Trainers' expenses were not adequately covered."),
    ("Project activity", 4, "10000.00", "Marketing, publicity, the national conference, networking, publications."),
    ("Travel", 5, "6000.00", "Accommodation, networking meetings and visits to projects."),
    ("Evaluation", 6, "12000.00", "Contract with the independent evaluation team."),
]


def _months(start: date, end: date):
    current = start
    while current <= end:
        yield current
        current = date(current.year + (current.month == 12), current.month % 12 + 1, current.day)


def _expenses(events: dict[str, Event], sites: dict[str, HostSite]) -> list[tuple]:
    """(date, head, amount, payee, description, site slug, event key) telling the report's story."""
    rows = []
    # Salaries: the first coordinator Jul-Nov 2008, a gap in December, the second from January 2009.
    for month in _months(date(2008, 7, 28), date(2010, 3, 28)):
        if month != date(2008, 12, 28):
            rows.append((month, "Staffing", "2150.00", "Payroll", f"Project coordinator salary {month:%B %Y}", "", ""))
    for month in _months(date(2008, 4, 28), date(2010, 3, 28)):
        rows.append((month, "Management and office", "400.00", "Alcohol Concern", f"Overheads {month:%B %Y}", "", ""))
    for slug, title, days, _, _ in FACILITATOR_TRAININGS:
        rows.append(
            (days[0][0], "Training", "1500.00", "SMART Recovery UK", f"Training contract: {title}", slug, title)
        )
        rows.append(
            (
                days[-1][0],
                "Training",
                "285.40",
                "Trainer",
                f"Trainer's travel and accommodation (not in the original budget): {title}",
                slug,
                title,
            )
        )
    for slug, day, _ in PROFESSIONALS_TRAININGS:
        rows.append((day, "Training", "400.00", "SMART Recovery UK", "Professionals' training day", slug, ""))
    for (title, day, _, _), amount in zip(NETWORKING, ("850.00", "1120.50", "920.00"), strict=True):
        rows.append(
            (
                day,
                "Project activity",
                amount,
                "Venue and refreshments",
                f"{title} (not in the original budget)",
                "",
                title,
            )
        )
    rows += [
        (
            date(2010, 3, 10),
            "Project activity",
            "5200.00",
            "Conference venue",
            "Final conference, London",
            "",
            "Final conference: Developing choice in peer support",
        ),
        (date(2010, 1, 29), "Project activity", "1350.00", "Printer", "Champions' Resource Manual", "", ""),
        (date(2009, 5, 14), "Project activity", "480.00", "Printer", "Information sheet and leaflets", "", ""),
    ]
    # Travel: visits to sites and networking meetings; more was needed than planned.
    for index, month in enumerate(_months(date(2009, 2, 20), date(2010, 3, 20))):
        rows.append(
            (
                month,
                "Travel",
                ("545.35", "580.00", "610.00")[index % 3],
                "Travel claims",
                f"Coordinator visits to sites {month:%B %Y}",
                "",
                "",
            )
        )
    for day in (date(2008, 12, 15), date(2009, 6, 15), date(2009, 12, 15), date(2010, 3, 31)):
        rows.append(
            (day, "Evaluation", "3000.00", "Evaluation team", f"Evaluation contract instalment {day:%B %Y}", "", "")
        )
    return rows


def load(*, out) -> None:
    pilot = Programme.objects.get(name=programmes_demo.PILOT["name"])
    sites = {s.slug: s for s in HostSite.objects.all()}
    events = {e.title: e for e in Event.objects.all()}
    heads = {}
    marks: list[tuple[object, str, str]] = []
    for name, position, planned, description in HEADS:
        heads[name], _ = BudgetHead.objects.update_or_create(
            programme=pilot,
            name=name,
            defaults={"position": position, "planned": Decimal(planned), "description": description},
        )
        marks += [(heads[name], "planned", PLANNED_NOTE), (heads[name], "spent", SPENT_NOTE)]
    expenses = _expenses(events, sites)
    for day, head, amount, payee, description, slug, event_title in expenses:
        expense, _ = Expense.objects.update_or_create(
            date=day,
            payee=payee,
            description=description,
            defaults={
                "head": heads[head],
                "amount": Decimal(amount),
                "site": sites.get(slug),
                "event": events.get(event_title),
            },
        )
        marks.append((expense, "amount", EXPENSE_NOTE))
    illustrative.record(marks, models=[BudgetHead, Expense])
    out.write(f"  budget: {len(heads)} budget heads of {pilot.name}, {len(expenses)} expenses")
