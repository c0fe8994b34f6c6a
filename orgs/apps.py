from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Party organizations")

    def ready(self) -> None:
        from orgs import audit, checks, roles, security, selectors, workdays  # noqa: F401

        audit.connect()
        security.connect()
        workdays.connect()
        selectors.register_scope_rules()
        post_migrate.connect(roles.sync_roles, dispatch_uid="orgs_sync_roles")
