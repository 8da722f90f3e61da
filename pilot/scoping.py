"""One way to fetch an object for a user: through the model's visible_to(user) scope, or 404.

A 404 for an object that exists but lies outside the user's scope is written to the
audit trail: it may be someone probing for records they should not see.
"""

from __future__ import annotations

from django.http import Http404

from pilot.audit import Action, audit


def get_visible_or_404(model, user, **lookup):
    """The object matching `lookup` among those `user` may see; 404 (and an audit entry if it exists) otherwise."""
    obj = model.objects.visible_to(user).filter(**lookup).first()
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
