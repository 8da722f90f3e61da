"""Sign-in events go to the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from pilot.audit import Action, audit


@receiver(user_logged_in, dispatch_uid="pilot-audit-login")
def _logged_in(sender, request, user, **kwargs):
    audit(actor=user, action=Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="pilot-audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(actor=user, action=Action.LOGOUT)


@receiver(user_login_failed, dispatch_uid="pilot-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username typed is kept (it may be mistyped, but it shows probing); never the password.
    audit(actor=None, action=Action.LOGIN_FAILED, detail=f"username: {credentials.get('username', '')[:150]}")


@receiver(user_locked_out, dispatch_uid="pilot-audit-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit(actor=None, action=Action.LOCKED_OUT, detail=f"username: {(username or '')[:150]}")
