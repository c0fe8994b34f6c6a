"""The audit trail: who changed what, when, from where — and a hash chain that shows tampering.

Writes are captured at the model layer, so that no path escapes: per-object saves and deletes
through model signals, many-to-many changes through ``m2m_changed``, and bulk ``update``,
``bulk_create`` and ``bulk_update`` through :class:`AuditedQuerySet`, which every business model
uses as its manager (a system check enforces it). The acting user and IP come from
:func:`acting_as`, set per request by :class:`AuditContextMiddleware` and by commands and tasks.

The modules, each depending only on those above it:

* :mod:`~orgs.audit.context` — the acting user and IP;
* :mod:`~orgs.audit.chain` — the stored JSON, the canonical text and the hash link;
* :mod:`~orgs.audit.models` — :class:`AuditEntry` and :class:`Action`;
* :mod:`~orgs.audit.recording` — :func:`record` and :func:`record_many`;
* :mod:`~orgs.audit.capture` — snapshots, diffs and the signal handlers;
* :mod:`~orgs.audit.base` — :class:`AuditedModel` and :class:`AuditedQuerySet`;
* :mod:`~orgs.audit.maintenance` — :func:`verify` and :func:`purge`.

The names other modules use are importable from ``orgs.audit`` itself.
"""

from orgs.audit.base import AuditedModel, AuditedQuerySet, record_created
from orgs.audit.capture import AUDITED_APPS, connect
from orgs.audit.context import AuditContextMiddleware, acting_as, client_ip
from orgs.audit.maintenance import purge, verify
from orgs.audit.models import Action, AuditEntry
from orgs.audit.recording import Event, record, record_many

__all__ = [
    "AUDITED_APPS",
    "Action",
    "AuditContextMiddleware",
    "AuditEntry",
    "AuditedModel",
    "AuditedQuerySet",
    "Event",
    "acting_as",
    "client_ip",
    "connect",
    "purge",
    "record",
    "record_created",
    "record_many",
    "verify",
]
