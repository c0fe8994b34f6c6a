"""Roster import: read a spreadsheet, validate every row, then write all rows or none.

The steps are separate so that each is fast and testable:

1. :func:`read_table` (:mod:`~members.imports.reading`) turns the uploaded bytes (.xlsx, or
   .csv in UTF-8 or GBK) into a header and numbered rows, refusing malformed files with a
   Chinese message (:class:`ImportFileError`); :mod:`~members.imports.cells` reads the cells.
2. :func:`roster_validate` (:mod:`~members.imports.validation`) checks every row in Python —
   identifiers, dates, choices, the branch, the workplace and the user's scope — with a handful
   of queries for the whole file (existing members by member number and blind index,
   organizations, enterprises), and returns a :class:`Plan` (:mod:`~members.imports.plan`):
   members to create, members to update (only the fields that change), the row-numbered report
   of errors, and the notices, which refuse nothing. :mod:`~members.imports.matching` finds each
   row's member — by member number (党员编号) when the row gives one, so that a masked export comes
   back in, else by ID number —, and choices are read through :mod:`members.vocab`.
3. :func:`roster_write` (:mod:`~members.imports.writing`) writes a clean plan in one
   transaction with ``bulk_create`` and ``bulk_update``; the audited queryset records one audit
   row per member, in bulk. :func:`roster_import` runs the three steps.

Import jobs (:class:`~members.models.ImportJob`, :mod:`~members.imports.jobs`) wrap these for
the admin and the API; a job above ``DANGJIAN_IMPORT_ASYNC_ROWS`` rows runs in Celery, safe to
deliver twice, and a watchdog queues again a job whose worker died.
"""

from members.imports.jobs import (
    import_job_confirm,
    import_job_create,
    import_job_retry,
    import_job_run,
    import_jobs_watch,
)
from members.imports.plan import Plan, Progress
from members.imports.reading import ImportFileError, Table, check_size, count_rows, read_table
from members.imports.validation import roster_validate
from members.imports.writing import BATCH, Result, format_report, roster_import, roster_write

__all__ = [
    "BATCH",
    "ImportFileError",
    "Plan",
    "Progress",
    "Result",
    "Table",
    "check_size",
    "count_rows",
    "format_report",
    "import_job_confirm",
    "import_job_create",
    "import_job_retry",
    "import_job_run",
    "import_jobs_watch",
    "read_table",
    "roster_import",
    "roster_validate",
    "roster_write",
]
