# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the small-cell suppression rule (pure Python, no database)."""

from odoo.addons.mdd_base.tools.suppression import HIDDEN, is_shown, suppress_cells, suppress_rows
from odoo.tests import BaseCase, tagged


@tagged("post_install", "-at_install")
class TestFiguresSuppression(BaseCase):
    def test_primary_cell_of_three_shows_below_threshold(self):
        self.assertEqual(suppress_cells([3, 0, 5, 12, 1, 4]), ["<5", "0", "5", "12", "<5", "<5"])

    def test_threshold_is_in_the_label(self):
        self.assertEqual(suppress_cells([3, 9, 10], threshold=10), ["<10", "<10", "10"])
        self.assertEqual(suppress_rows([[2, 0]], threshold=3), ([["<3", "0"]], "<3"))

    def test_nothing_small_shows_everything(self):
        self.assertEqual(suppress_rows([[6, 5, 0]]), ([["6", "5", "0"]], "11"))
        self.assertEqual(suppress_rows([[0, 0, 0]]), ([["0", "0", "0"]], "0"))

    def test_one_hidden_cell_hides_the_total(self):
        # 3 = 13 - 10 - 0 if the total were shown.
        rows, total = suppress_rows([[3, 0, 10]])
        self.assertEqual(rows, [["<5", "0", "10"]])
        self.assertEqual(total, HIDDEN)

    def test_hidden_cells_that_must_be_one_hide_the_total(self):
        # Two hidden cells adding up to 2 can only be 1 and 1.
        self.assertEqual(suppress_rows([[1, 1, 10]]), ([["<5", "<5", "10"]], HIDDEN))

    def test_small_total_shows_as_small(self):
        self.assertEqual(suppress_rows([[3, 0, 0]]), ([["<5", "0", "0"]], "<5"))
        self.assertEqual(suppress_rows([[2, 2, 0]]), ([["<5", "<5", "0"]], "<5"))

    def test_row_adding_up_to_a_hidden_total_keeps_a_hidden_cell(self):
        # The Wga row shows everything, but a domain count is small: the total
        # is hidden, and the smallest non-zero Wga cell too, or 5 + 5 + 0
        # would give the total and 10 - 5 - 4 the hidden domain count.
        rows, total = suppress_rows([[5, 5, 0], [4, 1, 5]])
        self.assertEqual(rows, [[HIDDEN, "5", "0"], ["<5", "<5", "5"]])
        self.assertEqual(total, HIDDEN)
        rows, total = suppress_rows([[3, 7, 6], [16]])
        self.assertEqual(rows, [["<5", "7", "6"], [HIDDEN]])
        rows, total = suppress_rows([[9, 6, 0], [8, 2, 5]])
        self.assertEqual(rows[0], ["9", HIDDEN, "0"])

    def test_no_published_row_recomputes_a_hidden_cell(self):
        """Brute force: with the total hidden, no row is fully known."""
        threshold = 5
        for a in range(0, 12):
            for b in range(0, 12):
                for c in range(0, 12):
                    total = a + b + c
                    for split in range(0, total + 1):
                        rows, shown_total = suppress_rows(
                            [[a, b, c], [split, total - split]], threshold
                        )
                        hidden = [not is_shown(value) for row in rows for value in row]
                        if is_shown(shown_total):
                            self.assertFalse(any(hidden), (a, b, c, split))
                        else:
                            for row in rows:
                                self.assertTrue(
                                    any(not is_shown(value) for value in row),
                                    (a, b, c, split, rows),
                                )

    def test_rows_must_share_their_total(self):
        with self.assertRaises(ValueError):
            suppress_rows([[1, 2], [4]])
        with self.assertRaises(ValueError):
            suppress_rows([])
