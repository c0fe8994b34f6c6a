"""Admin pages of the members app, one module per topic; importing them registers them.

- :mod:`~members.admin.roster`: members (list, form, reveal, export, transfer action).
- :mod:`~members.admin.transfers`: transfers and mobile memberships.
- :mod:`~members.admin.imports`: roster import pages and import jobs.
- :mod:`~members.admin.development`: applications, their steps and documents, rule sets
  (forms in :mod:`~members.admin.development_forms`, step pages in
  :mod:`~members.admin.development_steps`).
- :mod:`~members.admin.training`: training sessions and their attendance.
"""

from members.admin import development, imports, roster, training, transfers

__all__ = ["development", "imports", "roster", "training", "transfers"]
