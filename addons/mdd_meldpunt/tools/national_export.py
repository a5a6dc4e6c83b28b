# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Layout of the national hand-over export ("Discriminatiecijfers in [jaar]").

The national layout is not public and may change from year to year: this
module is the one place that defines it. It reads only the frozen figures of
published versions (the JSON stored on ``mdd.wga.publication``), never the
live reports. The export has two sections, each a CSV block and an Excel
sheet:

* ``gemeenten``: one row per municipality with the exact Wga columns, the
  total and the reports left out (mass-report incidents, marked not to
  count), followed by a row ``TOTAAL`` with their sums;
* ``indelingen``: one row per municipality, breakdown (``grond``,
  ``terrein``, ``verschijningsvorm``) and value with the number of reports,
  followed by the sums per breakdown and value (municipality ``TOTAAL``).

A report that concerns two municipalities (e.g. a resident of one about an
incident in the other) counts in both, as in the municipal files; the sums
are the sums of the municipal files. To change the layout, change the
constants and the row functions below: the model only calls :func:`sections`,
:func:`to_csv` and :func:`to_xlsx`.
"""

import csv
import io

import xlsxwriter

# Column keys of the frozen figures, in the order of the Wga form.
WGA_KEYS = ("inwoners_in_gemeente", "inwoners_elders", "niet_inwoners_in_gemeente")
TOTAL_LABEL = "TOTAAL"

MUNICIPALITY_HEADER = (
    "cbs_code",
    "gemeente",
    "jaar",
    "versie",
    "inwoners_in_gemeente",
    "inwoners_elders",
    "niet_inwoners_in_gemeente",
    "totaal",
    "massameldingen",
    "niet_meegeteld",
)
# Breakdown of the frozen figures -> name in the export, in this order.
BREAKDOWNS = (
    ("ground", "grond"),
    ("domain", "terrein"),
    ("manifestation", "verschijningsvorm"),
)
BREAKDOWN_HEADER = ("cbs_code", "gemeente", "jaar", "indeling", "waarde", "aantal")
# (section key, sheet title, header, first column with counts)
SECTIONS = (
    ("gemeenten", "Gemeenten", MUNICIPALITY_HEADER, 4),
    ("indelingen", "Indelingen", BREAKDOWN_HEADER, 5),
)


def municipality_rows(year, published):
    """Rows of section ``gemeenten``.

    :param published: list of ``(version, figures)``, ``figures`` being the
        frozen JSON of a published version (one per municipality)
    """
    rows = []
    sums = [0] * 6
    for version, figures in published:
        counts = [
            *(figures["columns"][key] for key in WGA_KEYS),
            figures["total"],
            figures["excluded"]["mass_report"],
            figures["excluded"]["not_counted"],
        ]
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        municipality = figures["municipality"]
        rows.append([municipality["cbs_code"], municipality["name"], year, version, *counts])
    rows.append(["", TOTAL_LABEL, year, "", *sums])
    return rows


def breakdown_rows(year, published):
    """Rows of section ``indelingen`` (see :func:`municipality_rows`)."""
    rows = []
    sums = {}
    for __, figures in published:
        municipality = figures["municipality"]
        for key, name in BREAKDOWNS:
            for label, count in figures["breakdowns"].get(key, []):
                rows.append(
                    [municipality["cbs_code"], municipality["name"], year, name, label, count]
                )
                sums[(name, label)] = sums.get((name, label), 0) + count
    order = {name: i for i, (__, name) in enumerate(BREAKDOWNS)}
    for (name, label), count in sorted(sums.items(), key=lambda i: (order[i[0][0]], i[0][1])):
        rows.append(["", TOTAL_LABEL, year, name, label, count])
    return rows


def sections(year, published):
    """``[(key, title, header, rows, first count column)]`` of the export."""
    builders = {"gemeenten": municipality_rows, "indelingen": breakdown_rows}
    return [
        (key, title, header, builders[key](year, published), counts_from)
        for key, title, header, counts_from in SECTIONS
    ]


def to_csv(parts):
    """The sections as one CSV (UTF-8, comma separated, ``\\n`` line ends):
    per section a line ``# key``, its header and its rows, then an empty line."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    for index, (key, __, header, rows, __counts) in enumerate(parts):
        if index:
            stream.write("\n")
        stream.write(f"# {key}\n")
        writer.writerow(header)
        writer.writerows(rows)
    return stream.getvalue().encode("utf-8")


def to_xlsx(parts):
    """The sections as an Excel workbook, one sheet each."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    for __, title, header, rows, __counts in parts:
        sheet = workbook.add_worksheet(title)
        sheet.write_row(0, 0, header, bold)
        for row, values in enumerate(rows, start=1):
            sheet.write_row(row, 0, values)
        sheet.freeze_panes(1, 0)
        sheet.set_column(1, 1, 22)
    workbook.close()
    return stream.getvalue()


def parse_csv(content):
    """``{section key: [row dicts]}`` of an export made by :func:`to_csv`
    (counts as integers): for checks and for whoever reads it back."""
    result = {}
    headers = {key: header for key, __, header, __counts in SECTIONS}
    firsts = {key: counts_from for key, __, __, counts_from in SECTIONS}
    key = None
    lines = []
    blocks = []
    for line in content.decode("utf-8").split("\n"):
        if line.startswith("# "):
            if key:
                blocks.append((key, lines))
            key, lines = line[2:], []
        elif line:
            lines.append(line)
    if key:
        blocks.append((key, lines))
    for key, block in blocks:
        reader = csv.reader(block)
        header = next(reader)
        if tuple(header) != headers[key]:
            raise ValueError(f"Unexpected header of section {key}")
        rows = []
        for values in reader:
            row = dict(zip(header, values, strict=True))
            for name in header[firsts[key] :]:
                row[name] = int(row[name])
            rows.append(row)
        result[key] = rows
    return result
