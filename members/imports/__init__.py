"""Roster import: read a spreadsheet, validate every row, then write all rows or none.

The steps are separate so that each is fast and testable:

1. :func:`read_table` (:mod:`~members.imports.reading`) turns the uploaded bytes (.xlsx, or
   .csv in UTF-8 or GBK) into a header and a stream of numbered rows, refusing malformed,
   oversized and bomb files with a Chinese message (:class:`ImportFileError`) after inspecting
   them, never trusting what they declare; :mod:`~members.imports.cells` reads the cells.
2. :class:`~members.imports.validation.RosterCheck` checks the rows a batch at a time in
   Python — identifiers, dates, choices, formulas, the branch, the workplace and the user's
   scope — with a handful of queries per batch (existing members by member number and blind
   index) and the scope's organizations and enterprises read once; each batch gives the
   members to create and update (only the fields that change), and the :class:`Plan`
   (:mod:`~members.imports.plan`) gathers the counts, the row-numbered report of errors and
   the notices, which refuse nothing. :mod:`~members.imports.matching` finds each row's member
   — by member number (党员编号) when the row gives one, so that a masked export comes back in,
   else by ID number —, and choices are read through :mod:`members.vocab`.
3. :func:`roster_import` (:mod:`~members.imports.writing`) runs both and writes each clean
   batch as soon as it is checked with ``bulk_create`` and ``bulk_update``, the audited
   queryset recording one audit entry per member in bulk, all in one transaction that is
   rolled back if any row is wrong. Memory holds one batch, never the file.

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
from members.imports.validation import RosterCheck
from members.imports.writing import BATCH, Result, format_report, roster_import

__all__ = [
    "BATCH",
    "ImportFileError",
    "Plan",
    "Progress",
    "Result",
    "RosterCheck",
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
]
