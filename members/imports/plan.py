"""What an import would do: the members to create and update, and what it found — errors, which
refuse the whole file, and notices, which the user should read but which refuse nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from members.models import Member

Progress = Callable[[int], object]  # called with the rows done so far; its result is ignored
CHUNK = 1000  # identifiers per query, rows per progress tick, status changes per INSERT


@dataclass
class Plan:
    """What an import would do, every problem found, and every notice."""

    creates: list[Member] = field(default_factory=list)
    updates: list[Member] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    status_changes: list[tuple[Member, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        """Whether the plan may be written: notices do not stand in the way."""
        return not self.errors

    def error(self, row: int, column: str, message: Any) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def notice(self, row: int, column: str, message: Any) -> None:
        self.notices.append({"row": row, "column": column, "message": str(message)})
