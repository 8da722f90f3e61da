"""One way to fetch an object for a user: through the model's visible_to(user) scope, or 404.

A 404 for an object that exists but lies outside the user's scope is written to the
audit trail: it may be someone probing for records they should not see.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from pilot.audit import Action, audit


def get_visible_or_404(source, user, **lookup):
    """The object matching `lookup` among those `user` may see; 404 (and an audit entry if it exists) otherwise.

    `source` is a model (scoped here with `visible_to(user)`) or a queryset already scoped to the user,
    e.g. with select_related added.
    """
    if isinstance(source, models.QuerySet):
        scoped, model = source, source.model
    else:
        scoped, model = source.objects.visible_to(user), source
    obj = scoped.filter(**lookup).first()
    if obj is not None:
        return obj
    if model._default_manager.filter(**lookup).exists():
        audit(
            actor=user,
            action=Action.NOT_FOUND,
            target_type=model._meta.label,
            target_id=str(next(iter(lookup.values()), "")),
            detail="object exists outside the user's scope",
        )
    raise Http404(f"No {model._meta.verbose_name} found.")
