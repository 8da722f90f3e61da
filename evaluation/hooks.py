"""What this app adds to other apps' pages through their extension points (registered in apps.ready)."""

from __future__ import annotations

from django.db.models import Count, Q

from evaluation.models import CollectionRound
from pilot.disclosure import policy_for
from pilot.roles import Role, role_of
from sites.hooks import SitePanel


def site_rounds_panel(site, user) -> list[SitePanel]:
    """The site page: this site's questionnaire rounds in the user's scope, with counts (never answers)."""
    if role_of(user) is None:
        return []
    rounds = list(
        CollectionRound.objects.visible_to(user)
        .filter(site=site)
        .select_related("questionnaire", "group")
        .annotate(
            response_count=Count("responses"), paper_count=Count("responses", filter=Q(responses__is_paper=True))
        )
        .order_by("-opens_on", "name")[:20]
    )
    if not rounds:
        return []
    context = {
        "rounds": rounds,
        "may_enter": role_of(user) != Role.OBSERVER and user.has_perm("evaluation.add_response"),
        "disclosure": policy_for(user),
    }
    return [SitePanel("Questionnaire rounds", "evaluation/_site_rounds.html", context, order=80)]
