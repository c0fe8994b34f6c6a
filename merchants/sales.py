"""Sales reports: import from the platforms' export files (CSV in UTF-8 or GBK, or .xlsx) with
the roster import's rule — every row is checked first, and if any row is wrong nothing is
written, the report naming each bad row, column and reason — and the monthly totals per
streamer, shop and park.

The file limits, the file error and the report lines are the roster import's
(:mod:`members.imports`); cells are read with its cell readers. The rows are read here because
the roster reader looks for the roster's ID-number header, which a sales export does not have.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _t

from members.imports import ImportFileError, format_report
from members.imports.cells import canonical, cell_text, parse_date
from members.imports.reading import read_rows
from merchants.models import Platform, SalesReport, Shop, Streamer, StreamerAccount
from merchants.services import Actor
from orgs.scope import visible

# Column key → the headers a platform export or our template may use.
HEADERS: dict[str, tuple[str, ...]] = {
    "day": ("日期", "date", "统计日期", "直播日期"),
    "platform": ("平台", "platform"),
    "handle": ("主播账号", "主播", "handle", "快手号", "抖音号"),
    "account": ("店铺账号", "店铺", "account", "shop"),
    "gmv": ("成交额", "销售额", "gmv", "成交金额（元）", "成交金额"),
    "orders": ("订单数", "成交订单数", "orders"),
    "returns": ("退货数", "退款订单数", "returns"),
    "complaints": ("投诉数", "complaints"),
}
REQUIRED = ("day", "platform", "gmv", "orders")
TEMPLATE_HEADER = ["日期", "平台", "主播账号", "店铺账号", "成交额", "订单数", "退货数", "投诉数"]
_BY_HEADER = {canonical(alias): key for key, aliases in HEADERS.items() for alias in aliases}
_PLATFORMS = {
    **{canonical(code): code for code in Platform.values},
    **{canonical(label): code for code, label in Platform.choices},
    "快手": "kuaishou",
    "抖音": "douyin",
    "淘宝直播": "taobao_live",
    "淘宝": "taobao_live",
    "视频号": "channels",
    "微信视频号": "channels",
}
HEADER_LABELS = {key: aliases[0] for key, aliases in HEADERS.items()}
CENT = Decimal("0.01")
# The figure columns and whether each is a whole number.
FIGURES = (("gmv", False), ("orders", True), ("returns", True), ("complaints", True))


@dataclass
class SalesPlan:
    """A checked file: the rows to write and the row-numbered errors; ``ok`` when none."""

    reports: list[SalesReport] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.reports)

    @property
    def report_lines(self) -> list[str]:
        return format_report(self.errors)

    @property
    def total_gmv(self) -> Decimal:
        return sum((r.gmv for r in self.reports), Decimal("0"))


def _rows(data: bytes) -> list[list[Any]]:
    """The file's rows, read with the roster import's inspection and limits (zip bombs, cell
    and column limits, encodings); numbered from the first."""
    rows: list[list[Any]] = []
    for number, row in read_rows(data):
        rows.extend([] for _ in range(number - 1 - len(rows)))  # keep the spreadsheet's numbering
        rows.append(row)
    return rows


def _columns(header: Iterable[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _BY_HEADER.get(canonical(cell))
        if key is not None and key not in columns:
            columns[key] = index
    missing = [HEADER_LABELS[key] for key in REQUIRED if key not in columns]
    if missing:
        raise ImportFileError(
            _t("The first row must be the header; these columns are missing: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    if "handle" not in columns and "account" not in columns:
        raise ImportFileError(
            _t("The file needs a “主播账号” (streamer) or “店铺账号” (shop) column.")
        )
    return columns


AMOUNT = "Not an amount in yuan (at least 0, at most two decimals)."


def _number(text: str, *, whole: bool) -> Decimal | int:
    value = Decimal(text.replace(",", "").replace("，", "").replace("¥", "").strip())
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    if whole:
        if value != value.to_integral_value():
            raise InvalidOperation
        return int(value)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidOperation
    return value


def _user(actor: Actor) -> AbstractBaseUser | AnonymousUser:
    return actor if actor is not None else AnonymousUser()


def sales_validate(*, data: bytes, actor: Actor) -> SalesPlan:
    """Check a whole sales file against the user's scope: every row's date, platform, seller
    (a streamer by screen name, main or further account, or a shop by account — only those the
    user sees), figures (GMV in yuan with at most two decimals, whole order, return and
    complaint counts, returns not above orders), no day reported twice in the file or before."""
    rows = _rows(data)
    if not rows:
        raise ImportFileError(_t("The file is empty."))
    columns = _columns(rows[0])
    body = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(cell_text(cell) for cell in row)
    ]
    if not body:
        raise ImportFileError(_t("The file has a header but no rows."))
    streamers = {(s.platform, s.handle): s for s in visible(Streamer.objects.all(), _user(actor))}
    for account in StreamerAccount.objects.filter(
        streamer__in=visible(Streamer.objects.all(), _user(actor))
    ).select_related("streamer"):
        streamers.setdefault((account.platform, account.handle), account.streamer)
    shops = {(s.platform, s.account): s for s in visible(Shop.objects.all(), _user(actor))}
    plan = SalesPlan()
    seen: set[tuple[Any, ...]] = set()
    for number, row in body:
        errors, report = _check_row(row, columns, streamers, shops)
        if report is not None:
            key = (report.day, report.streamer_id, report.shop_id)
            if key in seen:
                errors.append(("day", _t("This day appears twice in the file.")))
            seen.add(key)
        for column, message in errors:
            plan.errors.append({"row": number, "column": HEADER_LABELS[column], "message": message})
        if not errors and report is not None:
            plan.reports.append(report)
    _already_reported(plan)
    return plan


def _check_row(
    row: list[Any],
    columns: dict[str, int],
    streamers: dict[tuple[str, str], Streamer],
    shops: dict[tuple[str, str], Shop],
) -> tuple[list[tuple[str, str]], SalesReport | None]:
    """One row's errors as (column key, message), and its report when it can be built."""

    def cell(key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    errors: list[tuple[str, str]] = []
    day: datetime.date | None = None
    try:
        day = parse_date(cell("day"))
        if day is None:
            errors.append(("day", _t("The date is missing.")))
    except ValueError:
        errors.append(("day", _t("Not a date (YYYY-MM-DD).")))
    platform = _PLATFORMS.get(canonical(cell_text(cell("platform"))))
    if platform is None:
        errors.append(("platform", _t("Unknown platform.")))
    handle, account = cell_text(cell("handle")), cell_text(cell("account"))
    streamer = streamers.get((platform, handle)) if platform and handle else None
    shop = shops.get((platform, account)) if platform and account else None
    if platform and handle and streamer is None:
        errors.append(("handle", _t("No streamer with this screen name in your scope.")))
    if platform and account and shop is None:
        errors.append(("account", _t("No shop with this account in your scope.")))
    if not handle and not account:
        errors.append(("handle", _t("Give the streamer's screen name or the shop's account.")))
    figures: dict[str, Any] = {}
    for key, whole in FIGURES:
        text = cell_text(cell(key))
        if not text:
            if key in REQUIRED:
                errors.append((key, _t("This value is missing.")))
            figures[key] = 0
            continue
        try:
            figures[key] = _number(text, whole=whole)
        except (InvalidOperation, ValueError):
            errors.append((key, _t("Not a whole number of at least 0.") if whole else _t(AMOUNT)))
    returns, orders = figures.get("returns"), figures.get("orders")
    if isinstance(returns, int) and isinstance(orders, int) and returns > orders:
        errors.append(("returns", _t("More returns than orders.")))
    holder = streamer or shop
    if day is None or holder is None or len(figures) < len(FIGURES):
        return errors, None
    report = SalesReport(
        day=day,
        streamer=streamer,
        shop=shop,
        enterprise_id=holder.enterprise_id,
        gmv=Decimal(figures["gmv"]),
        orders=figures["orders"],
        returns=figures["returns"],
        complaints=figures["complaints"],
    )
    return errors, report


def _already_reported(plan: SalesPlan) -> None:
    """Refuse rows for a day already on file (a file imported twice)."""
    if not plan.reports:
        return
    days = {r.day for r in plan.reports}
    existing = set(
        SalesReport.objects.filter(day__in=days).values_list("day", "streamer_id", "shop_id")
    )
    for report in plan.reports:
        if (report.day, report.streamer_id, report.shop_id) in existing:
            plan.errors.append(
                {
                    "row": 0,
                    "column": HEADER_LABELS["day"],
                    "message": _t("%(seller)s: %(day)s is already reported.")
                    % {"seller": report.streamer or report.shop, "day": report.day.isoformat()},
                }
            )


@transaction.atomic
def sales_write(*, reports: list[SalesReport], actor: Actor) -> int:
    """Write checked reports in one transaction (audited in bulk); returns how many."""
    for report in reports:
        report.full_clean(validate_unique=False)
    SalesReport.objects.bulk_create(reports, batch_size=1000)
    return len(reports)


def sales_import(*, data: bytes, actor: Actor, commit: bool) -> SalesPlan:
    """Check the file; with ``commit`` and no error, write every row — otherwise none."""
    plan = sales_validate(data=data, actor=actor)
    if commit and plan.ok:
        sales_write(reports=plan.reports, actor=actor)
    return plan


def monthly_totals(reports: QuerySet[SalesReport], by: str) -> list[dict[str, Any]]:
    """GMV, orders, returns and complaints per month and ``by`` (streamer, shop or park) — one
    grouped query."""
    group = {
        "streamer": ("streamer_id", "streamer__name"),
        "shop": ("shop_id", "shop__name"),
        "park": ("enterprise__park_id", "enterprise__park__name"),
    }[by]
    rows = (
        reports.exclude(**{f"{group[0]}__isnull": True})
        .annotate(month=TruncMonth("day"))
        .values("month", *group)
        .annotate(
            gmv=Sum("gmv"),
            orders=Sum("orders"),
            returns=Sum("returns"),
            complaints=Sum("complaints"),
            days=Count("pk"),
        )
        .order_by("month", group[1])
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m") if row["month"] else "",
            "name": row[group[1]],
            "gmv": (row["gmv"] or Decimal("0")).quantize(CENT),
            "orders": row["orders"],
            "returns": row["returns"],
            "complaints": row["complaints"],
        }
        for row in rows
    ]
