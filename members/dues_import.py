"""Importing a dues payment sheet (党费收缴表): every row checked, then all payments written or
none, with the roster import's row-numbered report.

The file is read by the roster import's reader (:func:`members.imports.read_table`, .xlsx or
.csv in UTF-8 or GBK), so the sheet carries the roster's 公民身份号码 column — masked, as the
month's sheet is exported, when the row gives the 党员编号 that finds the member. A row pays
``月数`` months (default 1) from ``月份``; ``金额``, when given, is the row's total and may not be
less than the standards of those months (what is paid above them counts towards the first).
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from openpyxl import Workbook

from members import dues
from members.dues_services import (
    PaymentEntry,
    dues_payments_record,
    payment_entry_errors,
    standard_on,
)
from members.imports import format_report, read_table
from members.imports.cells import canonical, cell_text, parse_date, parse_month
from members.models import DuesPayment, DuesStandard, Member
from members.models.roster import normalize_member_number
from orgs.scope import visible

# key, header, aliases
PAYMENT_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("member_number", "党员编号", ("member_number",)),
    ("name", "姓名", ("name",)),
    ("id_number", "公民身份号码", ("身份证号", "身份证号码", "id_number")),
    ("month", "月份", ("交纳月份", "所属月份", "month")),
    ("months", "月数", ("交纳月数", "months")),
    ("amount", "金额", ("交纳金额", "金额（元）", "amount")),
    ("paid_on", "交纳日期", ("缴纳日期", "paid_on")),
    ("method", "交纳方式", ("缴纳方式", "method")),
    ("receipt_number", "收据编号", ("收据号", "receipt_number")),
    ("collector", "收款人", ("收缴人", "collector")),
)
_BY_HEADER = {
    canonical(alias): key
    for key, header, aliases in PAYMENT_COLUMNS
    for alias in (header, *aliases)
}
_METHODS = {
    "现金": DuesPayment.Method.CASH,
    "微信": DuesPayment.Method.WECHAT,
    "微信支付": DuesPayment.Method.WECHAT,
    "支付宝": DuesPayment.Method.ALIPAY,
    "银行转账": DuesPayment.Method.BANK,
    "转账": DuesPayment.Method.BANK,
    **{code: code for code in DuesPayment.Method.values},
}
_HEADERS = {key: header for key, header, _aliases in PAYMENT_COLUMNS}
MAX_MONTHS = 24


@dataclass
class PaymentImport:
    """What an import did: the payments written, or the report of every row that stopped it."""

    created: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def report(self) -> list[str]:
        return format_report(self.errors)

    def error(self, row: int, key: str, message: Any) -> None:
        self.errors.append({"row": row, "column": _HEADERS.get(key, ""), "message": str(message)})


def _find_members(
    rows: Sequence[dict[str, str]], user: Any
) -> tuple[dict[str, Member], dict[str, Member | None]]:
    """The rows' members inside the user's scope, by member number and by full ID number."""
    numbers = {normalize_member_number(r["member_number"]) for r in rows if r["member_number"]}
    hashes = {}
    for row in rows:
        raw = row["id_number"]
        if raw and not row["member_number"] and "*" not in raw:
            try:
                hashes[raw] = Member.hash_id_number(raw)
            except ValidationError:  # a malformed number is reported on its row
                continue
    found = list(
        visible(Member.objects.all(), user).filter(
            Q(member_number__in=numbers) | Q(id_number_hash__in=hashes.values())
        )
    )
    by_number = {m.member_number: m for m in found}
    by_hash = {m.id_number_hash: m for m in found}
    return by_number, {raw: by_hash.get(digest) for raw, digest in hashes.items()}


def payments_import(
    *, data: bytes, actor: Any, today: datetime.date | None = None
) -> PaymentImport:
    """Check a payment sheet and write all its payments, or none with the report."""
    today = today or timezone.localdate()
    result = PaymentImport()
    table = read_table(data)  # ImportFileError for a file that cannot be read at all
    rows = list(table.rows)  # a payment sheet is one branch's months: small enough to hold
    columns = {
        _BY_HEADER[canonical(cell)]: index
        for index, cell in enumerate(table.header)
        if canonical(cell) in _BY_HEADER
    }
    missing = [key for key in ("month", "paid_on") if key not in columns]
    if "member_number" not in columns and "id_number" not in columns:
        missing.append("member_number")
    if missing:
        result.error(
            rows[0][0] - 1 if rows else 1,
            "",
            _t("The header lacks the column(s) %(columns)s.")
            % {"columns": "、".join(_HEADERS[key] for key in missing)},
        )
        return result

    def cell(row: list[Any], key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    texts = [
        (number, row, {key: cell_text(cell(row, key)) for key in _HEADERS}) for number, row in rows
    ]
    by_number, by_id = _find_members([text for _n, _r, text in texts], actor)
    standards: dict[int, list[DuesStandard]] = {}
    for standard in DuesStandard.objects.filter(
        member__in={*by_number.values(), *(m for m in by_id.values() if m)}
    ):
        standards.setdefault(standard.member_id, []).append(standard)

    entries: list[PaymentEntry] = []
    entry_rows: list[int] = []
    for number, row, text in texts:
        member = None
        if text["member_number"]:
            member = by_number.get(normalize_member_number(text["member_number"]))
        elif text["id_number"]:
            member = by_id.get(text["id_number"])
        if member is None:
            key = "member_number" if text["member_number"] else "id_number"
            result.error(number, key, _t("No member of your branches has this number."))
            continue
        if text["name"] and text["name"] != member.name:
            result.error(
                number,
                "name",
                _t("The name does not match the member (%(name)s).") % {"name": member.name},
            )
        try:
            month = parse_month(cell(row, "month"))
        except ValueError:
            month = None
        if month is None:
            result.error(number, "month", _t("Write the month as YYYY-MM."))
        try:
            paid_on = parse_date(cell(row, "paid_on"))
        except ValueError:
            paid_on = None
        if paid_on is None:
            result.error(number, "paid_on", _t("Write the payment date as YYYY-MM-DD."))
        months = 1
        if text["months"]:
            if text["months"].isdigit() and 1 <= int(text["months"]) <= MAX_MONTHS:
                months = int(text["months"])
            else:
                result.error(number, "months", _t("Between 1 and 24 months can be paid at once."))
        method: str = DuesPayment.Method.CASH
        if text["method"]:
            if text["method"] not in _METHODS:
                result.error(number, "method", _t("Write 现金, 微信, 支付宝 or 银行转账."))
            else:
                method = _METHODS[text["method"]]
        amount: Decimal | None = None
        if text["amount"]:
            try:
                amount = Decimal(text["amount"].replace(",", ""))
                if not amount.is_finite() or amount != amount.quantize(dues.FEN):
                    raise InvalidOperation
            except InvalidOperation:
                result.error(number, "amount", _t("Write the amount in yuan, e.g. 15.50."))
                continue
        if month is None or paid_on is None:
            continue
        covered = dues.month_range(month, months)
        due = [standard_on(standards.get(member.pk, []), m) for m in covered]
        if any(s is None for s in due):
            result.error(
                number,
                "month",
                _t("%(name)s has no dues standard for these months; declare the income first.")
                % {"name": member.name},
            )
            continue
        amounts = [s.amount for s in due if s is not None]
        if amount is not None:
            if amount < sum(amounts):
                result.error(
                    number,
                    "amount",
                    _t("Less than the standard of these months (%(total)s yuan).")
                    % {"total": sum(amounts)},
                )
                continue
            amounts[0] += amount - sum(amounts)
        for m, value in zip(covered, amounts, strict=True):
            entries.append(
                PaymentEntry(
                    member=member,
                    month=m,
                    amount=value,
                    paid_on=paid_on,
                    method=method,
                    receipt_number=text["receipt_number"][:50],
                    collector=text["collector"][:50],
                )
            )
            entry_rows.append(number)
    for index, messages in payment_entry_errors(entries, today).items():
        for message in messages:
            result.error(entry_rows[index], "month", message)
    if result.errors:
        result.errors.sort(key=lambda error: error["row"])
        return result
    with transaction.atomic():
        result.created = len(dues_payments_record(entries=entries, actor=actor, today=today))
    return result


def month_sheet_bytes(rows: Sequence[Any], month: datetime.date) -> bytes:
    """A branch's month as a payment sheet to fill in and import: one row per paying member,
    the standard as the amount, the ID number masked."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党费收缴表")
    sheet.append([header for _key, header, _aliases in PAYMENT_COLUMNS])
    for row in rows:
        if row.payment is not None:
            continue
        member = row.member
        sheet.append(
            [
                member.member_number,
                member.name,
                member.id_number_masked,
                f"{month:%Y-%m}",
                1,
                str(row.standard) if row.standard is not None else "",
                "",
                "现金",
                "",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
