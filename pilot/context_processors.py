from pilot import conf
from pilot.navigation import navigation_for
from pilot.roles import role_of


def pilot(request):
    """What every page needs: the role, the navigation and the demo banner."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "pilot_role": role,
        "pilot_nav": navigation_for(request.user, request.path) if hasattr(request, "user") else [],
        "pilot_demo": conf.demo(),
        "programme_name": conf.programme_name(),
    }
