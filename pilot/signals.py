"""Sign-in events go to the audit trail; sign-out, deactivation and password change end other sessions."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from pilot.audit import Action, audit
from pilot.sessions import session_remember, sessions_end_all


@receiver(user_logged_in, dispatch_uid="pilot-audit-login")
def _logged_in(sender, request, user, **kwargs):
    audit(actor=user, action=Action.LOGIN)
    if request is not None and hasattr(request, "session"):
        if not request.session.session_key:
            request.session.save()
        session_remember(user=user, session_key=request.session.session_key)


@receiver(user_logged_out, dispatch_uid="pilot-audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(actor=user, action=Action.LOGOUT)
        # Signing out on one device signs out everywhere: a shared or lost phone stays safe.
        sessions_end_all(user=user)


@receiver(user_login_failed, dispatch_uid="pilot-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username typed is kept (it shows probing); never the password.
    audit(actor=None, action=Action.LOGIN_FAILED, detail=f"username: {credentials.get('username', '')[:150]}")


@receiver(user_locked_out, dispatch_uid="pilot-audit-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit(actor=None, action=Action.LOCKED_OUT, detail=f"username: {(username or '')[:150]}")


@receiver(pre_save, sender=get_user_model(), dispatch_uid="pilot-end-sessions-on-deactivation")
def _deactivated(sender, instance, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    was_active = sender.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        sessions_end_all(user=instance)
