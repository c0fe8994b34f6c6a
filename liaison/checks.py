"""System checks of the liaison app's settings."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from orgs.roles import ROLES


@register()
def return_visit_roles_are_roles(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """``DANGJIAN_RETURN_VISIT_ROLES`` names at least one role, and only known roles: a typo
    would leave cases without anyone allowed to record their return visit."""
    configured = list(settings.DANGJIAN_RETURN_VISIT_ROLES)
    unknown = sorted(set(configured) - set(ROLES))
    if configured and not unknown:
        return []
    return [
        Error(
            f"DANGJIAN_RETURN_VISIT_ROLES must name roles of orgs.roles.ROLES; got {configured}.",
            hint=f"Choose from: {', '.join(ROLES)}.",
            id="dangjian.E101",
        )
    ]
