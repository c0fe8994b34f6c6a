"""The site-wide models that belong to no single app: the exhibition-hall screen's snapshots of
the committee's figures and the display tokens that let a hall's screen show them."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScreenSnapshot(models.Model):
    """The big screen's figures at one moment (:mod:`config.screen.figures`), precomputed by
    the beat task so that the screen answers without touching the business tables. Not audited:
    it holds counts only, is written every few minutes and pruned."""

    # The beat period the snapshot stands for (its start): one snapshot per period, so a task
    # run twice in one period replaces its figures rather than adding a row.
    period = models.DateTimeField(_("period"), unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    payload = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("screen snapshot")
        verbose_name_plural = _("screen snapshots")
        ordering = ["-period"]

    def __str__(self) -> str:
        return timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class DisplayToken(models.Model):
    """A read-only key for one hall's screen: opens ``/screen/`` and its data, nothing else.
    Only its hash is kept; the key itself is shown once, when committee staff create it. Its
    writes are audited by :mod:`config.screen.services` (the config app is not among the audited
    apps, whose models are the business data)."""

    name = models.CharField(_("screen"), max_length=100, help_text=_("Where the screen hangs."))
    token_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("screen display token")
        verbose_name_plural = _("screen display tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None
