"""A last guard on the steering committee's rule, whatever path assigns a facilitator to a group."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from groups.models import Facilitator, Group
from groups.services import PROFESSIONAL_RULE


@receiver(m2m_changed, sender=Facilitator.groups.through)
def refuse_professional_facilitators(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        professionals = [instance.display_name] if instance.is_professional else []
    else:
        professionals = list(
            Facilitator.objects.filter(pk__in=pk_set, is_professional=True).values_list("display_name", flat=True)
        )
    if professionals and isinstance(instance, Facilitator | Group):
        raise ValidationError(f"{', '.join(professionals)}: {PROFESSIONAL_RULE}")
