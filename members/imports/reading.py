"""Reading a roster file: the uploaded bytes (.xlsx, or .csv in UTF-8 or GBK) as a header and a
stream of numbered rows, or :class:`ImportFileError` with a message the user can act on.

Nothing here holds the whole sheet: rows are read one at a time (openpyxl's read-only mode, the
``csv`` module over a text stream), so memory stays flat however many rows a file has. What a
file declares about itself is never trusted. Before openpyxl sees a workbook its zip is
inspected: the number of parts, each part's declared size and compression ratio (a zip bomb
declares a small file that inflates a thousandfold; zipfile never inflates a part beyond its
declared size), and every sheet's and the shared strings' XML is scanned, decompressed a chunk at
a time, counting the rows and the elements besides the cells — openpyxl builds an object for
each of those. The sheet's declared dimension is ignored, so a 5 KB sheet declaring
``A1:XFD1048576`` costs what its content costs. Rows, columns and cell lengths are counted as
they are read and refused beyond the limits in settings (``DANGJIAN_IMPORT_*``).
"""

import codecs
import csv
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _t
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from members.imports.cells import COLUMN_BY_HEADER, canonical

_MB = 1024 * 1024
_HEADER_ROWS = 5  # the header is looked for among this many first rows
_CHUNK = _MB  # bytes decompressed or decoded at a time
# A part this small may compress as well as it likes: the ratio limit is for large parts.
_RATIO_FLOOR = _MB
# XML parts that openpyxl parses whole (workbook, styles, relationships) are at most this big;
# the shared strings, which it keeps in a list, at most the second.
_OTHER_PART_MAX = 10 * _MB
_STRINGS_PART_MAX = 100 * _MB
# Tags besides the cells a sheet may carry (column widths, merges, links, formatting rules).
_SHEET_OTHER_TAGS = 200_000
# Rows a sheet may hold besides the data rows (titles, the header, blank rows), and shared
# strings per row allowed.
_EXTRA_ROWS = 100
_STRINGS_PER_ROW = 5

NumberedRows = Iterator[tuple[int, list[Any]]]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    """A sheet being read: the header cells and the data rows with their row numbers.

    ``rows`` is a single-use stream; it raises :class:`ImportFileError` when the file turns
    out to be damaged or too large further down."""

    header: list[str]
    rows: NumberedRows


def check_size(size: int) -> None:
    limit = settings.DANGJIAN_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _t("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": limit // _MB}
        )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _t("The file has more than %(max)d rows; at most %(max)d can be imported at once.")
        % {"max": settings.DANGJIAN_IMPORT_MAX_ROWS}
    )


def _damaged(part: str) -> ImportFileError:
    return ImportFileError(
        _t("The workbook is damaged: its part %(part)s cannot be read (cut short or garbled).")
        % {"part": part}
    )


# --- xlsx: the zip and its XML, before openpyxl --------------------------------------------------


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _is_strings(name: str) -> bool:
    return name.lower().endswith("sharedstrings.xml")


_TAG_RE = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(sheetData|row|si)[\s/>]")
_MERGE_RE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


@dataclass
class _Scan:
    """What streaming through one XML part found."""

    rows: int = 0  # <row> elements (or <si> in the shared strings)
    other: int = 0  # tags outside <sheetData>
    merged: list[str] = field(default_factory=list)


def _scan(archive: zipfile.ZipFile, part: str, *, sheet: bool) -> _Scan:
    """Stream an XML part, decompressed a chunk at a time, counting its rows (or strings) and
    the tags besides the cells, and collecting its merged ranges; refuse it beyond the limits
    as soon as they are passed."""
    found = _Scan()
    row_limit = settings.DANGJIAN_IMPORT_MAX_ROWS + _EXTRA_ROWS
    if not sheet:
        row_limit *= _STRINGS_PER_ROW
    inside = False
    tail = b""
    try:
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                text = tail + chunk
                cut = text.rfind(b"<") if chunk else len(text)
                if cut < len(text) - 300:  # no unfinished tag at the end
                    cut = len(text)
                text, tail = text[:cut], text[cut:]
                position = 0
                for match in _TAG_RE.finditer(text):
                    closing, name = match.groups()
                    if not inside:
                        found.other += text.count(b"<", position, match.start())
                    position = match.end()
                    if name == b"sheetData":
                        inside = not closing
                    elif not closing:
                        found.rows += 1
                if not inside:
                    found.other += text.count(b"<", position)
                    if len(found.merged) < _SHEET_OTHER_TAGS:
                        found.merged.extend(m.decode() for m in _MERGE_RE.findall(text))
                if found.rows > row_limit:
                    raise _too_many_rows()
                if sheet and found.other > _SHEET_OTHER_TAGS:
                    raise ImportFileError(
                        _t(
                            "The sheet %(part)s carries more than %(max)d elements besides its "
                            "cells (formatting, merges, links); the file is refused."
                        )
                        % {"part": part, "max": _SHEET_OTHER_TAGS}
                    )
                if not chunk:
                    return found
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise _damaged(part) from None


def _inspect(data: bytes) -> dict[str, _Scan]:
    """Refuse a workbook with too many parts, too much content, a part inflating beyond the
    ratio limit, a missing part, or a sheet over the row limit; the scan of each sheet part."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise ImportFileError(
            _t("The file is not a readable .xlsx workbook: it is not a valid zip archive.")
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > settings.DANGJIAN_IMPORT_XLSX_MAX_PARTS:
            raise ImportFileError(
                _t("The workbook has %(n)d parts, more than the %(max)d allowed.")
                % {"n": len(entries), "max": settings.DANGJIAN_IMPORT_XLSX_MAX_PARTS}
            )
        total = sum(entry.file_size for entry in entries)
        limit = settings.DANGJIAN_IMPORT_XLSX_MAX_UNPACKED
        if total > limit:
            raise ImportFileError(
                _t(
                    "The workbook unpacks to %(size)d MB, more than the %(max)d MB allowed; "
                    "split it into smaller files."
                )
                % {"size": total // _MB, "max": limit // _MB}
            )
        ratio = settings.DANGJIAN_IMPORT_XLSX_MAX_RATIO
        for entry in entries:
            inflates = entry.file_size // max(entry.compress_size, 1)
            if entry.file_size > _RATIO_FLOOR and inflates > ratio:
                raise ImportFileError(
                    _t(
                        "The workbook's part %(part)s inflates %(ratio)d times, more than the "
                        "%(max)d times a spreadsheet does; it is refused as a possible zip bomb."
                    )
                    % {"part": entry.filename, "ratio": inflates, "max": ratio}
                )
        names = {entry.filename for entry in entries}
        for part in ("[Content_Types].xml", "xl/workbook.xml"):
            if part not in names:
                raise ImportFileError(
                    _t("The file is not an .xlsx workbook: its part %(part)s is missing.")
                    % {"part": part}
                )
        scans: dict[str, _Scan] = {}
        for entry in entries:
            name = entry.filename
            if _is_sheet(name):
                scans[name] = _scan(archive, name, sheet=True)
                continue
            part_max = _STRINGS_PART_MAX if _is_strings(name) else _OTHER_PART_MAX
            if name.endswith((".xml", ".rels")) and entry.file_size > part_max:
                raise ImportFileError(
                    _t("The workbook's part %(part)s is larger than %(max)d MB.")
                    % {"part": name, "max": part_max // _MB}
                )
            if _is_strings(name):
                _scan(archive, name, sheet=False)
    return scans


def _xlsx_rows(data: bytes) -> tuple[Iterator[Iterable[Any]], list[str]]:
    """The first sheet's rows, streamed, and its merged ranges."""
    scans = _inspect(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for a damaged or foreign workbook
        raise ImportFileError(
            _t("The file is not a readable .xlsx workbook: its parts are damaged or missing.")
        ) from None
    if not workbook.worksheets:
        workbook.close()
        raise ImportFileError(_t("The workbook has no sheet."))
    sheet = workbook.worksheets[0]
    part = str(getattr(sheet, "_worksheet_path", ""))
    scan = scans.get(part.lstrip("/"))
    sheet.reset_dimensions()  # read as many rows and columns as there are, not as declared

    def rows() -> Iterator[Iterable[Any]]:
        stream = sheet.iter_rows(values_only=True)
        try:
            while True:
                try:
                    row = next(stream)
                except StopIteration:
                    return
                except Exception:  # cut short inside a valid zip, garbled XML, bad values
                    raise _damaged(part or "xl/worksheets") from None
                yield row
        finally:
            workbook.close()

    return rows(), scan.merged if scan else []


# --- csv ---------------------------------------------------------------------------------------


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Chinese Windows saves CSV as GBK. The file
    is decoded a chunk at a time and the text thrown away: only the verdict is kept."""
    nul = data.find(b"\x00")
    if 0 <= nul < 4096:
        raise ImportFileError(_t("The file is not a spreadsheet (.xlsx or .csv)."))
    if nul >= 0:
        raise ImportFileError(
            _t("Line %(line)d of the file contains a NUL character; the file is damaged.")
            % {"line": data.count(b"\n", 0, nul) + 1}
        )
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError(_t("The CSV file's encoding is neither UTF-8 nor GBK."))


def _csv_rows(data: bytes) -> Iterator[Iterable[Any]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    try:
        dialect: Any = csv.Sniffer().sniff(text.read(4096), delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    text.seek(0)
    reader = csv.reader(text, dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _cell_too_long(reader.line_num, None) from None
            raise ImportFileError(
                _t(
                    "Line %(line)d of the CSV file cannot be read (unbalanced quotes or line "
                    "breaks)."
                )
                % {"line": reader.line_num}
            ) from None
        yield row


# --- both --------------------------------------------------------------------------------------


def _cell_too_long(row: int, column: int | None) -> ImportFileError:
    where = (
        _t("row %(row)d") % {"row": row}
        if column is None
        else _t("row %(row)d, column %(column)s")
        % {"row": row, "column": get_column_letter(column)}
    )
    return ImportFileError(
        _t("The cell at %(where)s is longer than %(max)d characters; no roster field is that long.")
        % {"where": where, "max": settings.DANGJIAN_IMPORT_MAX_CELL_CHARS}
    )


def _checked(rows: Iterator[Iterable[Any]]) -> NumberedRows:
    """Number the rows and refuse one with too many columns or too long a cell; trailing
    empty cells are dropped (spreadsheets pad rows with them)."""
    max_columns = settings.DANGJIAN_IMPORT_MAX_COLUMNS
    max_chars = settings.DANGJIAN_IMPORT_MAX_CELL_CHARS
    for number, raw in enumerate(rows, start=1):
        row = list(raw)
        while row and row[-1] in (None, ""):
            row.pop()
        if len(row) > max_columns:
            raise ImportFileError(
                _t("Row %(row)d has %(n)d columns; a roster has at most %(max)d.")
                % {"row": number, "n": len(row), "max": max_columns}
            )
        for index, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > max_chars:
                raise _cell_too_long(number, index + 1)
        yield number, row


def _header_index(rows: list[tuple[int, list[Any]]]) -> int | None:
    """Rosters often carry a title row (“某某支部党员花名册”) above the header: take the first
    of the first rows that names the ID-number column."""
    for index, (_number, row) in enumerate(rows):
        keys = {COLUMN_BY_HEADER.get(canonical(cell)) for cell in row}
        if any(column is not None and column.key == "id_number" for column in keys):
            return index
    return None


def _spans_row(ref: str, row: int) -> bool:
    """Whether the merged range ``ref`` (``A1:C2``) covers sheet row ``row``: a title merged
    across the sheet above the header is common and harmless; a merge in the header is not."""
    corners = [int(re.sub(r"\D", "", corner)) for corner in ref.split(":")]
    return corners[0] <= row <= corners[-1]


def _data_rows(rows: Iterable[tuple[int, list[Any]]]) -> NumberedRows:
    """The non-blank rows, refused beyond the row limit."""
    limit = settings.DANGJIAN_IMPORT_MAX_ROWS
    count = 0
    for number, row in rows:
        if any(cell is not None and str(cell).strip() for cell in row):
            count += 1
            if count > limit:
                raise _too_many_rows()
            yield number, row


def read_table(data: bytes, name: str = "") -> Table:
    """The header and a stream of the data rows of a roster file, or :class:`ImportFileError`
    (raised by the stream too, when the trouble is further down the file). ``name``, the
    file's name, only sharpens the message for a file that is not what its name says."""
    rows, merged = _read(data, name)
    try:
        return _table(rows, merged)
    except ImportFileError:
        if data[:4] != b"PK\x03\x04" and name.lower().endswith((".xlsx", ".xlsm")):
            raise _not_a_workbook() from None
        raise


def read_rows(data: bytes, name: str = "") -> NumberedRows:
    """Every row of any .xlsx or .csv file (the sales reports, the dues sheets), numbered as
    the spreadsheet numbers them, with the same inspection and limits as a roster and no
    header search."""
    return _read(data, name)[0]


def _read(data: bytes, name: str) -> tuple[NumberedRows, list[str]]:
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(_t("The file is empty."))
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportFileError(
            _t("Old .xls workbooks cannot be read; save the file as .xlsx or .csv.")
        )
    if data[:4] == b"PK\x03\x04":
        raw, merged = _xlsx_rows(data)
        return _checked(raw), merged
    try:
        rows = _checked(_csv_rows(data))
        first = next(rows, None)  # the CSV decoding check runs on the first row
    except ImportFileError:
        if name.lower().endswith((".xlsx", ".xlsm")):
            raise _not_a_workbook() from None
        raise
    return (itertools.chain([first], rows) if first is not None else iter(())), []


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(
        _t(
            "The file is named .xlsx but is not an .xlsx workbook (its content is not a zip "
            "archive); save it again from the spreadsheet program."
        )
    )


def _table(rows: NumberedRows, merged: list[str]) -> Table:
    """The header among the first rows, and the data rows after it."""
    head = list(itertools.islice(rows, _HEADER_ROWS))
    index = _header_index(head)
    if index is None:
        raise ImportFileError(
            _t(
                "No header row with a “公民身份号码” (ID number) column was found in the "
                "first rows."
            )
        )
    header_number, header_cells = head[index]
    in_header = [ref for ref in merged if _spans_row(ref, header_number)]
    if in_header:
        raise ImportFileError(
            _t(
                "The header row contains merged cells (%(ranges)s); unmerge them so that "
                "each column has one header."
            )
            % {"ranges": ", ".join(in_header)}
        )
    header = ["" if cell is None else str(cell).strip() for cell in header_cells]
    body = _data_rows(itertools.chain(head[index + 1 :], rows))
    first = next(body, None)
    if first is None:
        raise ImportFileError(_t("The file has a header but no rows."))
    return Table(header=header, rows=itertools.chain([first], body))


def count_rows(data: bytes) -> int:
    """An upper bound of the data rows, counted by reading (never from what a sheet declares),
    to choose between validating inline and a Celery job; raises :class:`ImportFileError` for
    a workbook the inspection refuses."""
    if data[:4] == b"PK\x03\x04":
        scans = _inspect(data)
        sheets = [scan.rows for name, scan in scans.items() if _is_sheet(name)]
        return max(sheets, default=0)
    return max(data.count(b"\n"), data.count(b"\r")) + 1
