"""The monitoring report's section on the steering committee's overdue actions (committee.selectors decides which).

Network-wide reports only, for the roles that read the committee's record (docs/committee.md)."""

from __future__ import annotations

from committee.models import READERS
from committee.selectors import overdue_actions
from reports.document import TEXT, Column, Section, Table


def committee_actions_section(kind) -> Section | None:
    """Open actions past their due day as of the report's day, with their owners; None where the report's audience
    or scope does not cover the committee."""
    if not kind.is_network_wide or kind.audience.role not in READERS:
        return None
    actions = overdue_actions(programme=kind.programme, today=kind.as_of)
    table = Table(
        key="committee_overdue_actions",
        title="Overdue steering committee actions",
        columns=[
            Column("action", "Action", TEXT),
            Column("owner", "Owner", TEXT),
            Column("due", "Due on", TEXT),
            Column("agreed", "Agreed at the meeting of", TEXT),
        ],
    )
    for action in actions:
        table.rows.append(
            [action.description, action.owner, f"{action.due_on:%-d %b %Y}", f"{action.meeting.held_on:%-d %b %Y}"]
        )
    n, day = len(table.rows), f"{kind.as_of:%-d %B %Y}"
    if n:
        intro = f"{n} open action{'s' if n != 1 else ''} past the due day as of {day}."
    else:
        intro = f"No steering committee action is overdue as of {day}."
    return Section("committee", "Steering committee actions", paragraphs=[intro], tables=[table] if table.rows else [])
