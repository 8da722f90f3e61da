"""What a start-page panel is. network/dashboard.py and reports/dashboard.py say which panels each role sees."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Lower numbers come first; a panel that needs attention can jump the queue.
    order: int = 100
    # Whether its figures follow the period control (the start page shows the control only if one does).
    period: bool = False

    @property
    def leads(self) -> bool:
        """What the role comes for and not about the period: shown above the period control, so that a phone's
        first screen has it."""
        return self.order < LEAD_ORDER and not self.period


LEAD_ORDER = 10
