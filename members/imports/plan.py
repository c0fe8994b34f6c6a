"""What an import does, batch by batch: the members each batch creates and updates, and what the
whole file holds — counts, errors (which refuse the whole file) and notices (which the user
should read but which refuse nothing)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from members.models import Member

Progress = Callable[[int], object]  # called with the rows done so far; its result is ignored
# Rows validated and written together: identifiers per query, members per INSERT, audit entries
# per write, and a progress tick. Memory holds one batch of members, never the file.
CHUNK = 1000
# Errors and notices kept for the report; beyond them only the count goes on.
REPORT_MAX = 10_000
# The first members to create and to update, kept for the preview (members/imports/preview.py).
SAMPLE = 50


@dataclass
class Batch:
    """The writes of one batch of rows."""

    creates: list[Member] = field(default_factory=list)
    updates: list[Member] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    status_changes: list[tuple[Member, str]] = field(default_factory=list)


@dataclass
class Plan:
    """What an import does or would do, every problem found (the first ``REPORT_MAX`` of them
    kept), and every notice."""

    created: int = 0
    updated: int = 0
    update_fields: set[str] = field(default_factory=set)  # of all the updates
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    notices: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    creates: list[Member] = field(default_factory=list)  # the first SAMPLE only
    updates: list[Member] = field(default_factory=list)  # the first SAMPLE only

    @property
    def ok(self) -> bool:
        """Whether the plan may be written: notices do not stand in the way."""
        return not self.error_count

    def error(self, row: int, column: str, message: Any) -> None:
        self.error_count += 1
        if len(self.errors) < REPORT_MAX:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    def notice(self, row: int, column: str, message: Any) -> None:
        if len(self.notices) < REPORT_MAX:
            self.notices.append({"row": row, "column": column, "message": str(message)})
