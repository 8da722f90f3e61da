"""Extension points through which apps to the right of `groups` add to it.

`groups` must not import `training`, yet meeting registration shows whether a
facilitator is trained and may refuse an untrained one (REQUIRE_TRAINED_FACILITATOR).
The training app registers a provider here from its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainingStatus:
    trained: bool
    label: str  # e.g. "Trained March 2009 (Sheffield facilitator training)" or "No facilitator training recorded"


# provider(facilitator_ids) -> {facilitator_id: TrainingStatus}; one or two queries whatever the number.
TrainingStatusProvider = Callable[[Sequence[int]], dict[int, TrainingStatus]]

_training_status_provider: TrainingStatusProvider | None = None


def register_training_status_provider(func: TrainingStatusProvider) -> TrainingStatusProvider:
    global _training_status_provider
    _training_status_provider = func
    return func


def training_status_for(facilitator_ids: Sequence[int]) -> dict[int, TrainingStatus] | None:
    """Training status per facilitator, or None when no app records training."""
    if _training_status_provider is None:
        return None
    return _training_status_provider(facilitator_ids)
