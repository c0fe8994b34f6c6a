"""Which member each row of a roster names.

A row names its member by member number (党员编号) when it gives one — an exported file comes
back with masked ID numbers, and the member number is what identifies its rows — or else by ID
number, through the blind index; a row with neither a known member nor a member number adds a
member. Refused here, before any field is read: an ID number that is a formula, malformed, stored
as a number, or masked without a member number; a member number the user's scope does not hold;
an ID number (complete or masked) that is not the one of the member the member number names; and
a second row for the same member, wherever in the file the first one stands.
"""

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.imports.cells import cell_text, formula_error
from members.imports.plan import CHUNK, Plan
from members.models import Member
from members.models.roster import normalize_member_number
from orgs import crypto
from orgs.identifiers import normalize_id_number
from orgs.scope import visible

MISMATCH = _("The member number and the ID number belong to different members.")


@dataclass
class Identity:
    """Who a row is: the ID number (normalised) and its blind index — for a masked row, those
    of the member its member number names — and that member, when already on the roster."""

    number: str
    digest: str
    member: Member | None


@dataclass
class _Row:
    """A row's identifiers as written: the member number, and the ID number either complete
    (normalised, with its blind index) or masked (the text as written)."""

    member_number: str
    number: str = ""
    digest: str = ""
    masked: str = ""


class Matcher:
    """Finds the members of a file's rows, batch by batch; what it has seen of earlier batches
    (ID numbers, member numbers and members already named) is kept, so that a second row for
    the same member is refused wherever in the file it stands. ``user`` ``None`` is
    unrestricted."""

    def __init__(self, *, columns: dict[str, int], headers: dict[str, str], user: Any) -> None:
        self.columns = columns
        self.headers = headers
        self.user = user
        self.by_digest: dict[str, int] = {}
        self.by_member_number: dict[str, int] = {}
        self.claimed: dict[int, int] = {}  # member pk → the row that names it

    def identify(self, *, plan: Plan, rows: list[tuple[int, list[Any]]]) -> dict[int, Identity]:
        """The identity of every row of the batch that names a member without error, by row
        number. Errors go to ``plan``; a refused row is left out."""
        columns, headers = self.columns, self.headers
        id_header, number_header = headers["id_number"], headers["member_number"]
        written_rows: dict[int, _Row] = {}
        digests: list[str] = []
        numbers: list[str] = []
        for row_number, values in rows:
            member_number = _member_number(values, columns)
            if member_number in self.by_member_number:
                plan.error(
                    row_number,
                    number_header,
                    _("The same member number is already on row %(row)d of this file.")
                    % {"row": self.by_member_number[member_number]},
                )
                continue
            written = _id_number(plan, row_number, values, columns, id_header, member_number)
            if written is None:
                continue
            written.member_number = member_number
            if written.digest:
                if written.digest in self.by_digest:
                    plan.error(
                        row_number,
                        id_header,
                        _("The same ID number is already on row %(row)d of this file.")
                        % {"row": self.by_digest[written.digest]},
                    )
                    continue
                self.by_digest[written.digest] = row_number
                digests.append(written.digest)
            if member_number:
                self.by_member_number[member_number] = row_number
                numbers.append(member_number)
            written_rows[row_number] = written

        existing, visible_ids = _by_digest(digests, self.user)
        named = _by_member_number(numbers, self.user)
        identities: dict[int, Identity] = {}
        for row_number, written in written_rows.items():
            identity = _resolve(plan, row_number, written, existing, visible_ids, named, headers)
            if identity is None:
                continue
            member = identity.member
            if member is not None and member.pk in self.claimed:
                plan.error(
                    row_number,
                    number_header if written.member_number else id_header,
                    _("This member is already on row %(row)d of this file.")
                    % {"row": self.claimed[member.pk]},
                )
                continue
            if member is not None:
                self.claimed[member.pk] = row_number
            identities[row_number] = identity
        return identities


def _member_number(values: list[Any], columns: dict[str, int]) -> str:
    index = columns.get("member_number")
    if index is None or index >= len(values):
        return ""
    text = cell_text(values[index])
    # A formula is reported with the row's other cells (validation), never looked up.
    return "" if formula_error("member_number", text) else normalize_member_number(text)


def _id_number(
    plan: Plan,
    row_number: int,
    values: list[Any],
    columns: dict[str, int],
    header: str,
    member_number: str,
) -> _Row | None:
    index = columns["id_number"]
    raw = values[index] if index < len(values) else None
    if isinstance(raw, float):
        plan.error(
            row_number,
            header,
            _(
                "The ID number was stored as a number and has lost digits; format the column "
                "as text and enter it again."
            ),
        )
        return None
    text = cell_text(raw)
    if not text:
        plan.error(row_number, header, _("This field is required."))
        return None
    formula = formula_error("id_number", text)
    if formula:
        plan.error(row_number, header, formula)
        return None
    if "*" in unicodedata.normalize("NFKC", text):
        if not member_number:
            plan.error(
                row_number,
                header,
                _(
                    "The ID number is masked; only a complete number can be imported, or a "
                    "masked one beside the member number (党员编号) the export wrote."
                ),
            )
            return None
        return _Row(member_number, masked=text)
    try:
        number = normalize_id_number(text)
    except ValidationError as error:
        plan.error(row_number, header, error.messages[0])
        return None
    # Already normalised: the blind index directly, without hash_id_number's second pass.
    return _Row(member_number, number=number, digest=crypto.blind_index(number))


def _by_digest(digests: list[str], user: Any) -> tuple[dict[str, Member], set[int]]:
    """The members holding these ID numbers, and which of them the user may see."""
    existing: dict[str, Member] = {}
    visible_ids: set[int] = set()
    for start in range(0, len(digests), CHUNK):
        found = Member.objects.filter(id_number_hash__in=digests[start : start + CHUNK])
        existing.update({member.id_number_hash: member for member in found})
        if user is not None:
            visible_ids.update(visible(found, user).values_list("pk", flat=True))
    if user is None:
        visible_ids = {member.pk for member in existing.values()}
    return existing, visible_ids


def _by_member_number(numbers: list[str], user: Any) -> dict[str, Member]:
    """The members of the user's scope with these member numbers; one outside the scope is
    not found, exactly like a number nobody holds."""
    named: dict[str, Member] = {}
    for start in range(0, len(numbers), CHUNK):
        found: QuerySet[Member] = Member.objects.filter(
            member_number__in=numbers[start : start + CHUNK]
        )
        if user is not None:
            found = visible(found, user)
        named.update({member.member_number: member for member in found})
    return named


def _resolve(
    plan: Plan,
    row_number: int,
    written: _Row,
    existing: dict[str, Member],
    visible_ids: set[int],
    named: dict[str, Member],
    headers: dict[str, str],
) -> Identity | None:
    id_header = headers["id_number"]
    if not written.member_number:
        member = existing.get(written.digest)
        if member is not None and member.pk not in visible_ids:
            plan.error(
                row_number,
                id_header,
                _("This ID number belongs to a member of an organization outside your scope."),
            )
            return None
        return Identity(written.number, written.digest, member)
    member = named.get(written.member_number)
    if member is None:
        plan.error(
            row_number,
            headers["member_number"],
            _("Unknown member number “%(value)s” (or outside your scope).")
            % {"value": written.member_number},
        )
        return None
    if written.digest:
        if written.digest != member.id_number_hash:
            plan.error(row_number, id_header, MISMATCH)
            return None
        return Identity(written.number, written.digest, member)
    stored = member.id_number
    if not _masks(written.masked, stored):
        plan.error(row_number, id_header, MISMATCH)
        return None
    return Identity(stored, member.id_number_hash, member)


def _masks(masked: str, number: str) -> bool:
    """Whether ``masked`` (``371302********0011``, however many asterisks, full-width or with
    spaces) shows the start and end of ``number``."""
    text = "".join(unicodedata.normalize("NFKC", masked).split()).upper()
    head, _stars, tail = text.partition("*")
    tail = tail.lstrip("*")
    return (
        "*" not in tail
        and len(head) + len(tail) < len(number)
        and number.startswith(head)
        and number.endswith(tail)
    )
