"""Reading a roster file: the uploaded bytes (.xlsx, or .csv in UTF-8 or GBK) as a header and
numbered rows, or :class:`ImportFileError` with a message the user can act on."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _t
from openpyxl import load_workbook

from members.imports.cells import COLUMN_BY_HEADER, canonical


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    """A sheet read from a file: the header cells and the data rows with their row numbers."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def check_size(size: int) -> None:
    limit = settings.DANGJIAN_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _t("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": limit // (1024 * 1024)}
        )


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Chinese Windows saves CSV as GBK."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(_t("The file is not a spreadsheet (.xlsx or .csv)."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_t("The CSV file's encoding is neither UTF-8 nor GBK."))


def _merged_ranges(data: bytes) -> list[str]:
    """Merged cells of the first sheet, read from its XML (openpyxl's streaming reader, which
    large files need, does not report them)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)
        )
        if not names:
            return []
        xml = archive.read(names[0])
    return [m.decode() for m in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)]


def _spans_row(ref: str, row: int) -> bool:
    """Whether the merged range ``ref`` (``A1:C2``) covers sheet row ``row``: a title merged
    across the sheet above the header is common and harmless; a merge in the header is not."""
    first, last = (int(re.sub(r"\D", "", corner)) for corner in ref.split(":"))
    return first <= row <= last


def _sheet_rows(data: bytes) -> list[list[Any]]:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportFileError(
            _t("Old .xls workbooks cannot be read; save the file as .xlsx or .csv.")
        )
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a damaged or foreign zip
            raise ImportFileError(_t("The file is not a readable .xlsx workbook.")) from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        header_index = _header_index(rows)
        merged = (
            []
            if header_index is None
            else [ref for ref in _merged_ranges(data) if _spans_row(ref, header_index + 1)]
        )
        if merged:
            raise ImportFileError(
                _t(
                    "The header row contains merged cells (%(ranges)s); unmerge them so that "
                    "each column has one header."
                )
                % {"ranges": ", ".join(merged)}
            )
        return rows
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _header_index(rows: list[list[Any]]) -> int | None:
    """Rosters often carry a title row (“某某支部党员花名册”) above the header: take the first
    of the first five rows that names the ID-number column."""
    for index, row in enumerate(rows[:5]):
        keys = {COLUMN_BY_HEADER.get(canonical(cell)) for cell in row}
        if any(column is not None and column.key == "id_number" for column in keys):
            return index
    return None


def read_table(data: bytes) -> Table:
    """The header and data rows of a roster file, or :class:`ImportFileError`."""
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(_t("The file is empty."))
    rows = _sheet_rows(data)
    index = _header_index(rows)
    if index is None:
        raise ImportFileError(
            _t(
                "No header row with a “公民身份号码” (ID number) column was found in the "
                "first rows."
            )
        )
    header = ["" if cell is None else str(cell).strip() for cell in rows[index]]
    body = [
        (number, row)
        for number, row in enumerate(rows[index + 1 :], start=index + 2)
        if any(cell not in (None, "") and str(cell).strip() for cell in row)
    ]
    if not body:
        raise ImportFileError(_t("The file has a header but no rows."))
    if len(body) > settings.DANGJIAN_IMPORT_MAX_ROWS:
        raise ImportFileError(
            _t("The file has %(n)d rows; at most %(max)d can be imported at once.")
            % {"n": len(body), "max": settings.DANGJIAN_IMPORT_MAX_ROWS}
        )
    return Table(header=header, rows=body)


def count_rows(data: bytes) -> int:
    """A cheap upper bound of the data rows, to choose between inline and a Celery job."""
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            rows = workbook.worksheets[0].max_row or 0
            workbook.close()
        except Exception:  # a broken file is reported by the full read
            return 0
        return rows
    return data.count(b"\n")
