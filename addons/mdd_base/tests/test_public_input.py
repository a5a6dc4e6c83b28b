# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..tools.public_input import (
    MAX_ID,
    PublicInput,
    PublicInputError,
    form_text,
    form_texts,
    safe_file_name,
    to_int,
    valid_email,
)

REQUIRED = "Please fill in your name."


@tagged("post_install", "-at_install")
class TestPublicInput(TransactionCase):
    def _form(self, **values):
        return PublicInput(self.env, values)

    def test_text_is_cleaned_limited_and_required(self):
        form = self._form(name="  Fatima\x00 El\x07 Amrani ", long="x" * 201, file=object())
        self.assertEqual(form.text("name", required=REQUIRED), "Fatima El Amrani")
        self.assertEqual(form.text("missing"), "")
        self.assertNotIn("missing", form.errors)
        form.text("blank", required=REQUIRED)
        self.assertEqual(form.errors["blank"], REQUIRED)
        form.text("long")
        self.assertIn("200", form.errors["long"])
        # A file where text is expected reads as empty text.
        self.assertEqual(form.text("file", required=REQUIRED), "")
        self.assertEqual(form.errors["file"], REQUIRED)

    def test_first_message_of_a_field_wins_and_check_raises_all(self):
        form = self._form(email="geen adres")
        form.email("email")
        form.error("email", "second")
        form.error("other", "another")
        with self.assertRaises(PublicInputError) as caught:
            form.check()
        self.assertEqual(set(caught.exception.errors), {"email", "other"})
        self.assertNotEqual(caught.exception.errors["email"], "second")
        self._form(name="x").check()  # nothing refused: no error

    def test_email_and_phone(self):
        form = self._form(
            good=" Anna@School.NL ", spaced="a b@x.nl", bad="\ufffd@x.nl", phone="0592 123 456"
        )
        self.assertEqual(form.email("good"), "anna@school.nl")
        self.assertFalse(form.email("spaced"))
        self.assertFalse(form.email("bad"))
        self.assertEqual(form.phone("phone"), "0592 123 456")
        self.assertEqual(set(form.errors), {"spaced", "bad"})
        form = self._form(phone="bel me maar")
        form.phone("phone")
        self.assertIn("phone", form.errors)

    def test_integer_and_date(self):
        form = self._form(
            n="25", big="99999999999999999999", neg="-3", arabic="٣", day="2031-02-30"
        )
        self.assertEqual(form.integer("n", 1, 1000, REQUIRED), 25)
        for key in ("big", "neg", "arabic"):
            self.assertEqual(form.integer(key, 1, 1000, REQUIRED), 0)
            self.assertIn(key, form.errors)
        self.assertEqual(form.integer("empty", 1, 1000, REQUIRED), 0)
        self.assertEqual(form.errors["empty"], REQUIRED)
        self.assertFalse(form.date("day"))
        self.assertIn("day", form.errors)
        self.assertIsNone(form.date("none"))

    def test_records_only_among_those_offered(self):
        assen = self.env.ref("mdd_base.municipality_gm0106")
        meppel = self.env.ref("mdd_base.municipality_gm0119")
        meppel.active = False
        form = self._form(
            one=str(assen.id),
            archived=str(meppel.id),
            huge=str(2**63),
            several=[str(assen.id), "x", "-1", str(MAX_ID + 1)],
        )
        self.assertEqual(form.municipality(form.values["one"]), assen)
        self.assertFalse(form.municipality(form.values["archived"]))
        self.assertFalse(form.municipality("online"))
        self.assertFalse(form.record("mdd.municipality", "huge", required=REQUIRED))
        self.assertEqual(form.errors["huge"], REQUIRED)
        self.assertEqual(form.records("mdd.municipality", "several"), assen)

    def test_choice(self):
        form = self._form(kind="school", wrong="<script>")
        self.assertEqual(form.choice("kind", ("school", "police"), REQUIRED), "school")
        self.assertFalse(form.choice("wrong", ("school", "police"), REQUIRED))
        self.assertEqual(form.errors, {"wrong": REQUIRED})


@tagged("post_install", "-at_install")
class TestInputHelpers(TransactionCase):
    def test_to_int(self):
        self.assertEqual(to_int("12"), 12)
        for value in (None, "", "abc", "1.5", str(MAX_ID + 1), str(-MAX_ID - 1), [1]):
            self.assertEqual(to_int(value), 0, value)

    def test_form_text_and_texts(self):
        values = {"a": "x\x00y", "b": ["list"], "csrf_token": "t", "c": "tab\tok"}
        self.assertEqual(form_text(values, "a"), "xy")
        self.assertEqual(form_text(values, "b"), "")
        self.assertEqual(form_texts(values), {"a": "xy", "c": "tab\tok"})

    def test_safe_file_name(self):
        self.assertEqual(safe_file_name("../../etc/passwd"), "passwd")
        self.assertEqual(safe_file_name("C:\\Users\\foto.JPG"), "foto.JPG")
        self.assertEqual(safe_file_name("a\x00b.pdf"), "ab.pdf")
        self.assertEqual(safe_file_name("\x00"), "file")
        long_name = safe_file_name("x" * 300 + ".png")
        self.assertEqual((len(long_name), long_name[-4:]), (100, ".png"))

    def test_valid_email(self):
        self.assertEqual(valid_email("Jan@Example.NL"), "jan@example.nl")
        for wrong in ("", "jan", "jan@", "ja n@x.nl", "jan\x00@x.nl"):
            self.assertFalse(valid_email(wrong), wrong)
