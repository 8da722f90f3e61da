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
