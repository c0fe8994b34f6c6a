"""Admin pages of the members app, one module per topic; importing them registers them.

- :mod:`~members.admin.roster`: members (list, form, reveal, export, transfer action).
- :mod:`~members.admin.transfers`: transfers and mobile memberships.
- :mod:`~members.admin.dues`: dues standards, payments, the branch's month, the payment-sheet
  import and the collection rate.
- :mod:`~members.admin.meetings`: branch meetings, attendance, attachments, the meeting
  calendar with its gaps and the six-month rule.
- :mod:`~members.admin.posts`: party posts and the branches at a glance.
- :mod:`~members.admin.appraisals`: democratic appraisals and their follow-ups.
- :mod:`~members.admin.imports`: roster import pages and import jobs.
- :mod:`~members.admin.development`: applications, their steps and documents, rule sets
  (forms in :mod:`~members.admin.development_forms`, step pages in
  :mod:`~members.admin.development_steps`).
- :mod:`~members.admin.training`: training sessions and their attendance.
"""

from members.admin import (
    appraisals,
    development,
    dues,
    imports,
    meetings,
    posts,
    roster,
    training,
    transfers,
)

__all__ = [
    "appraisals",
    "development",
    "dues",
    "imports",
    "meetings",
    "posts",
    "roster",
    "training",
    "transfers",
]
