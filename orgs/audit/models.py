"""The audit log's model: :class:`AuditEntry` rows, append-only and hash-chained, and the
:class:`Action` each one records. It belongs to the ``orgs`` app (table ``orgs_auditentry``);
:mod:`orgs.models` re-exports it."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What an audit entry records: a write, a sign-in event, an import or export, a reveal."""

    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    LOGIN_FAILED = "login_failed", _("failed login")
    EXPORT = "export", _("export")
    IMPORT = "import", _("import")
    REVEAL = "reveal", _("reveal personal data")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """The audit log cannot be changed or deleted through the ORM, except by retention."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied(_("The audit log cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("The audit log cannot be deleted."))

    def purge_older_than(self, cutoff: Any) -> int:
        """Remove entries older than ``cutoff``; only the retention task calls this."""
        return models.QuerySet.delete(self.filter(at__lt=cutoff))[0]


class AuditEntry(models.Model):
    """One audited event: a write (create, update, delete — single or bulk), an import or
    export, a login, a logout, a failed login or the reveal of personal data.

    Entries are append-only and hash-chained: ``entry_hash`` covers the entry's content and the
    previous entry's hash, so altering or deleting a row in the database breaks the chain, which
    ``manage.py verify_audit`` reports.
    """

    Action = Action

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("object type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    bulk = models.BooleanField(_("bulk operation"), default=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="orgs_audit_object_idx"),
            models.Index(fields=["actor", "at"], name="orgs_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
        return f"{at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionDenied(_("The audit log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("The audit log cannot be deleted."))
