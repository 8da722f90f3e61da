from pilot import conf
from pilot.navigation import navigation_for
from pilot.roles import role_of


def pilot(request):
    """What every page needs: the role, the navigation and the demo banner."""
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "pilot_role": role,
        "pilot_nav": navigation_for(user, request.path) if user is not None else [],
        "pilot_account_nav": navigation_for(user, request.path, menu="account") if user is not None else [],
        "pilot_demo": conf.demo(),
        "programme_name": conf.programme_name(),
    }
