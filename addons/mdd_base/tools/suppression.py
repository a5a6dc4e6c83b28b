# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small-cell suppression for the figures given to municipalities.

Pure Python, no Odoo: every published output (CSV, XLSX, PDF, portal) goes
through these functions; internal staff views never do.

The rule, with threshold ``t`` (default 5):

1. *Primary suppression.* A count of 0 is shown as ``0``; a count from 1 to
   t-1 is shown as ``<t`` (e.g. ``<5``); larger counts are shown as they are.
2. *Hidden totals.* Rows that add up to one total (the three Wga columns, and
   the breakdown by domain, which gives every report one domain) share that
   total. When any cell of those rows is hidden, the total is hidden too:
   shown as ``<t`` when it is itself small, else as ``x``. So no hidden cell
   can be worked out as "total minus the cells shown".
3. *Every row keeps a hidden cell.* When the total is hidden, a row without a
   hidden cell would give the total away (its cells add up to it). In such a
   row the smallest non-zero cell (the first one on a tie) is hidden as well,
   shown as ``x``.

Breakdowns in which one report can count several times (grounds,
manifestations) do not add up to the total; only rule 1 applies to them
(:func:`suppress_cells`).

Scope: the rule stops exact recomputation by adding and subtracting the
numbers that are published together for one municipality and year. It does
not try to stop reasoning about ranges across tables (for example that a
ground count is never larger than the total).
"""

HIDDEN = "x"


def small_label(threshold):
    """The label of a small count, e.g. ``<5``."""
    return f"<{threshold}"


def _is_small(value, threshold):
    return 0 < value < threshold


def suppress_cells(cells, threshold=5):
    """Primary suppression only (rule 1), for cells that have no total.

    :param cells: iterable of non-negative integers
    :param threshold: counts from 1 to ``threshold - 1`` are hidden
    :return: list of display strings
    """
    return [
        small_label(threshold) if _is_small(value, threshold) else str(value) for value in cells
    ]


def suppress_rows(rows, threshold=5):
    """Suppress rows of counts that all add up to one total (rules 1-3).

    :param rows: list of lists of non-negative integers; every row must add
        up to the same total (an empty row is allowed only for a total of 0)
    :param threshold: counts from 1 to ``threshold - 1`` are hidden
    :return: ``(display_rows, display_total)``: the rows as lists of display
        strings in the same shape, and the total as a display string
    :raises ValueError: when the rows do not add up to the same total
    """
    rows = [[int(value) for value in row] for row in rows]
    if not rows:
        raise ValueError("suppress_rows needs at least one row")
    totals = {sum(row) for row in rows}
    if len(totals) != 1:
        raise ValueError(f"rows do not add up to one total: {sorted(totals)}")
    total = totals.pop()
    if any(value < 0 for row in rows for value in row):
        raise ValueError("counts cannot be negative")

    display = [suppress_cells(row, threshold) for row in rows]
    any_hidden = any(_is_small(value, threshold) for row in rows for value in row)
    if _is_small(total, threshold):
        return display, small_label(threshold)
    if not any_hidden:
        return display, str(total)

    # Rule 2: the total is hidden; rule 3: every row keeps a hidden cell.
    for row, shown in zip(rows, display, strict=True):
        if any(_is_small(value, threshold) for value in row):
            continue
        candidates = [(value, index) for index, value in enumerate(row) if value]
        if candidates:
            __, index = min(candidates)
            shown[index] = HIDDEN
    return display, HIDDEN


def is_shown(label):
    """Whether a display string is an exact number (not hidden)."""
    return label.isdigit()
