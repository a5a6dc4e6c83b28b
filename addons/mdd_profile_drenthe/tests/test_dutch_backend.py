# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every backend screen of the MDD add-ons speaks Dutch.

Renders, as a coordinator who is also planner and administrator (not in
debug mode), every view a Dutch user of the MDD add-ons sees, once in English
and once in Dutch, and fails on each user-visible text that is still the same
in both:

- the views: every backend view the five add-ons define or extend (for an
  extension, the whole view it extends, e.g. the company form), and the views
  of the actions the add-ons define or open from their menus (the report
  kanban, the helpdesk's ticket form, the settings, ...), with their search
  view where the action shows a search bar;
- in those views: the translatable attributes (``string``, ``placeholder``,
  ``help``, ``title``, ``sum``, ``confirm``, ...) and the texts; the labels of
  the fields the view shows with a label (taken from the model where the view
  gives none): in a form, a field in a group or named by a ``<label for>``; a
  list column; a search field; the values of the selection fields shown; the
  "Actions" and "Print" menus;
- the records of the helpdesk's and MDD's own models that those views offer
  as choices and that the add-ons or the helpdesk ship as data (stages,
  channels, grounds, audiences, ...; not demo data);
- the names and empty-state help of the actions, and the menu names.

Not checked, as the web client does not show them: what a view hides for good
(``invisible="1"``), the ``string`` of a form, list, kanban, search, calendar
or activity element, and texts without a word in lower case or that are
technical tokens (``G-XXXXXXXXXX``, ``/melden``, ``robots.txt``). Language and
time-zone lists show each entry by its own name. ``SAME_IN_DUTCH`` lists the
few texts that are Dutch as they are.
"""

import itertools
import logging
import re

from lxml import etree, html

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path
from odoo.tools.translate import TRANSLATED_ATTRS

MODULES = (
    "mdd_base",
    "mdd_meldpunt",
    "mdd_voorlichting",
    "mdd_voorlichting_figures",
    "mdd_profile_drenthe",
)
# Modules whose models' data records (not demo) appear as choices in MDD screens.
DATA_MODULES = (*MODULES, "helpdesk_mgmt")
BACKEND_VIEW_TYPES = ("form", "list", "kanban", "search", "pivot", "graph", "calendar", "activity")
# View types with a search bar in the web client.
SEARCH_BAR_VIEW_TYPES = ("list", "kanban", "pivot", "graph", "calendar", "activity")
# View elements whose own string the web client does not show.
UNSHOWN_STRING = ("form", "list", "kanban", "search", "calendar", "activity")
# Texts that are the same in English and Dutch. Keep it short: a Dutch word
# belongs here only when the Dutch user would write it so too.
SAME_IN_DUTCH = {
    # Dutch words (some taken from English, as Dutch uses them).
    "Avatar",
    "Code",
    "Contact",
    "Dashboard",
    "Email",  # the helpdesk's Dutch (OCA) keeps it
    "Helpdesk",
    "Intake",
    "Login",
    "Menu",
    "Model",
    "Open",
    "Partner",
    "Planner",
    "Postcode",
    "Privacy",
    "Score",
    "Scores",
    "Sport",
    "Status",
    "Team",
    "Trainer",
    "Trainers",
    "Type",
    "Website",
    "Workshop",
    "Workshops",
    # Names of products and techniques, and the Dutch names in the source.
    "Favicon",
    "Kanban",
    "Livechat",
    "Odoo IAP",
    "QWeb",
    "Meldpunt",
    "Voorlichting",
    # Odoo's own Dutch keeps these, as stored translations (of a field, an
    # action, a selection value) that Odoo lets no other module replace.
    "Calendar",  # survey's question-type preview icons (tooltips)
    "Correct",
    "Deadline",
    "Download (vCard)",
    "Matrix",
    "Matrix Type",
    "Maximum",
    "Medium",
    "Minimum",
    "Minimum score",
    "Nickname",
    "Numeric",  # survey's question-type preview icons (tooltips)
    "Placeholder",
    "Privacy Lookup",
    "Score (%)",
}
STATIC_TRUE = {"1", "True", "true"}

_logger = logging.getLogger(__name__)


def _wordy(text):
    """Whether ``text`` holds a word: two lower-case letters in a row, and is
    not a technical token (an address, a path, a file name)."""
    if not any(a.islower() and b.islower() for a, b in itertools.pairwise(text)):
        return False
    token = " " not in text and ("/" in text or "@" in text or re.search(r"\w\.\w", text))
    return not token


def _hidden(node):
    """Whether the view hides ``node`` for good."""
    return any(node.get(attr) in STATIC_TRUE for attr in ("invisible", "column_invisible"))


def _attr_shown(node, attr):
    if attr == "string" and node.tag in UNSHOWN_STRING:
        return False
    return attr in TRANSLATED_ATTRS and not attr.startswith("t-") and TRANSLATED_ATTRS[attr](node)


def _stripped(text):
    return " ".join(text.split()) if text else ""


@tagged("post_install", "-at_install")
class TestDutchBackend(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env.ref("base.user_admin")
        cls.user.write(
            {
                "lang": "nl_NL",
                "groups_id": [
                    (4, cls.env.ref(xmlid).id)
                    for xmlid in (
                        "mdd_meldpunt.group_mdd_manager",
                        "mdd_voorlichting.group_planner",
                        "helpdesk_mgmt.group_helpdesk_manager",
                        "base.group_system",
                    )
                ],
            }
        )
        cls.demo_xmlids = cls._demo_xmlids()
        cls.allowed = set()

    @classmethod
    def _demo_xmlids(cls):
        """The external ids the demo files of ``DATA_MODULES`` define."""
        xmlids = set()
        for module in DATA_MODULES:
            for path in get_manifest(module).get("demo", []):
                if not path.endswith(".xml"):
                    continue
                tree = etree.parse(file_path(f"{module}/{path}"))
                for node in tree.iterfind(".//*[@id]"):
                    xmlid = node.get("id")
                    xmlids.add(xmlid if "." in xmlid else f"{module}.{xmlid}")
        return xmlids

    # -- what to render ---------------------------------------------------

    def _xmlid_records(self, model, modules=MODULES):
        data = self.env["ir.model.data"].search([("model", "=", model), ("module", "in", modules)])
        return self.env[model].browse(data.mapped("res_id")).exists()

    def _actions(self):
        """The window actions of the add-ons, and those their menus open."""
        actions = self._xmlid_records("ir.actions.act_window")
        for menu in self._xmlid_records("ir.ui.menu"):
            if menu.action and menu.action._name == "ir.actions.act_window":
                actions |= menu.action
        return actions

    def _view_sets(self):
        """{model: {(view id or False, view type)}} to render."""
        wanted = {}
        for view in self._xmlid_records("ir.ui.view"):
            if view.type not in BACKEND_VIEW_TYPES:
                continue
            root = view
            while root.mode != "primary" and root.inherit_id:
                root = root.inherit_id
            wanted.setdefault(root.model, set()).add((root.id, root.type))
        for action in self._actions():
            views = wanted.setdefault(action.res_model, set())
            types = [view_type for _id, view_type in action.views]
            views.update(view for view in action.views if view[1] in BACKEND_VIEW_TYPES)
            if set(types) & set(SEARCH_BAR_VIEW_TYPES):
                views.add((action.search_view_id.id, "search"))
        return wanted

    def _render(self, model, view_id, view_type, lang):
        records = self.env[model].with_user(self.user).with_context(lang=lang)
        result = records.get_views([(view_id, view_type)], {"toolbar": True})
        view = result["views"][view_type]
        view["fields"] = {name: data["fields"] for name, data in result["models"].items()}
        return view

    # -- comparing --------------------------------------------------------

    def _same(self, english, dutch):
        """Whether ``dutch`` is still the English text (and should not be)."""
        english, dutch = _stripped(english), _stripped(dutch)
        if not english or english != dutch or not _wordy(english):
            return False
        if english in SAME_IN_DUTCH:
            self.allowed.add(english)
            return False
        return True

    def _check_view(self, found, where, model, en, nl):
        """Compare two renderings of one view; add what is still English to
        ``found``; return the models whose records the view offers."""
        choices = set()

        def visit(node_en, node_nl, model, view_type, hidden):
            self.assertEqual(node_en.tag, node_nl.tag, f"{where}: the renderings differ")
            hidden = hidden or _hidden(node_en)
            if node_en.tag in BACKEND_VIEW_TYPES:
                view_type = node_en.tag
            if not hidden:
                for attr, value in node_en.attrib.items():
                    if _attr_shown(node_en, attr) and self._same(value, node_nl.get(attr)):
                        found.add(f"{where}: <{node_en.tag} {attr}=...> {_stripped(value)!r}")
                if self._same(node_en.text, node_nl.text):
                    found.add(f"{where}: text {_stripped(node_en.text)!r}")
            if node_en.tag == "label" and node_en.get("for") and not node_en.get("string"):
                self._check_label(found, where, en=en, nl=nl, model=model, name=node_en.get("for"))
            if node_en.tag == "field":
                name = node_en.get("name")
                field = en["fields"][model].get(name, {})
                if not hidden:
                    self._check_field(
                        found, where, en=en, nl=nl, model=model, node=node_en, view_type=view_type
                    )
                    if field.get("relation") and view_type != "search":
                        choices.add(field["relation"])
                model = field.get("relation") or model  # its subviews
            for child_en, child_nl in zip(node_en, node_nl, strict=True):
                if not isinstance(child_en.tag, str):  # a comment
                    continue
                visit(child_en, child_nl, model, view_type, hidden)
                if not hidden and self._same(child_en.tail, child_nl.tail):
                    found.add(f"{where}: text {_stripped(child_en.tail)!r}")

        tree_en, tree_nl = etree.fromstring(en["arch"]), etree.fromstring(nl["arch"])
        visit(tree_en, tree_nl, model, tree_en.tag, False)
        for kind, actions in en.get("toolbar", {}).items():
            for action_en, action_nl in zip(actions, nl["toolbar"][kind], strict=True):
                if self._same(action_en["name"], action_nl["name"]):
                    found.add(f"{where}: {kind} menu entry {action_en['name']!r}")
        return choices

    def _check_label(self, found, where, *, en, nl, model, name):
        label_en = en["fields"][model].get(name, {}).get("string")
        label_nl = nl["fields"][model].get(name, {}).get("string")
        if self._same(label_en, label_nl):
            found.add(f"{where}: label of {model}.{name} {label_en!r}")

    def _check_field(self, found, where, *, en, nl, model, node, view_type):
        name = node.get("name")
        parent = node.getparent()
        if view_type == "form":
            labelled = (
                parent is not None
                and parent.tag == "group"
                and node.get("nolabel") not in STATIC_TRUE
            )
        else:
            labelled = view_type in ("list", "search")
        if labelled and not node.get("string"):
            self._check_label(found, where, en=en, nl=nl, model=model, name=name)
        field_en = en["fields"][model].get(name, {})
        field_nl = nl["fields"][model].get(name, {})
        if field_en.get("type") == "selection" and name not in ("lang", "tz"):
            labels_nl = dict(field_nl.get("selection") or [])
            for value, label in field_en.get("selection") or []:
                # A value shown by its own key (a time zone) has no label.
                if label != value and self._same(label, labels_nl.get(value)):
                    found.add(f"{where}: value of {model}.{name} {label!r}")

    def _check_choices(self, found, models):
        """The shipped records of ``models`` that are offered as choices."""
        for model in sorted(models):
            records = self.env[model]
            rec_name = records._rec_name
            if records._original_module not in DATA_MODULES or not rec_name:
                continue
            if not records._fields[rec_name].translate:
                continue
            data = self.env["ir.model.data"].search(
                [("model", "=", model), ("module", "in", DATA_MODULES)]
            )
            for entry in data:
                if entry.complete_name in self.demo_xmlids:
                    continue
                record = records.browse(entry.res_id).exists()
                if not record:
                    continue
                english = record.with_context(lang="en_US")[rec_name]
                if self._same(english, record.with_context(lang="nl_NL")[rec_name]):
                    found.add(f"{model} record {entry.complete_name}: {english!r}")

    def _check_help(self, found, where, action):
        """The empty-state help of ``action``, term by term."""
        field = action._fields["help"]
        english = action.with_context(lang="en_US").help
        if not english:
            return
        dutch = action.with_context(lang="nl_NL").help
        terms = field.get_translation_dictionary(english, {"nl_NL": dutch})
        for term, translations in terms.items():
            text_en = html.fragment_fromstring(term, create_parent="div").text_content()
            translation = translations.get("nl_NL") or term
            text_nl = html.fragment_fromstring(translation, create_parent="div").text_content()
            if self._same(text_en, text_nl):
                found.add(f"{where}: help {_stripped(text_en)!r}")

    def _english_left(self):
        found = set()
        choices = set()
        rendered = set()
        for model, views in sorted(self._view_sets().items()):
            for view_id, view_type in sorted(views, key=lambda v: (v[1], v[0] or 0)):
                en = self._render(model, view_id, view_type, "en_US")
                if (model, en["id"]) in rendered:  # the default view, also named
                    continue
                rendered.add((model, en["id"]))
                nl = self._render(model, view_id, view_type, "nl_NL")
                view = self.env["ir.ui.view"].browse(en["id"])
                where = f"{model} {view_type} ({view.xml_id or view.name or 'default'})"
                choices |= self._check_view(found, where, model, en, nl)
        self._check_choices(found, choices)
        for action in self._actions():
            where = f"action {action.xml_id or action.id}"
            action_en = action.with_context(lang="en_US")
            action_nl = action.with_context(lang="nl_NL")
            if self._same(action_en.name, action_nl.name):
                found.add(f"{where}: name {action_en.name!r}")
            self._check_help(found, where, action)
        for menu in self._xmlid_records("ir.ui.menu"):
            name_en = menu.with_context(lang="en_US").name
            if self._same(name_en, menu.with_context(lang="nl_NL").name):
                found.add(f"menu {menu.get_external_id()[menu.id]}: {name_en!r}")
        return found, choices, rendered

    # -- the tests --------------------------------------------------------

    def test_backend_in_dutch(self):
        found, choices, rendered = self._english_left()
        _logger.info("Same in Dutch, as allowed: %s", ", ".join(sorted(self.allowed)))
        # The test sees the screens it means to check.
        models = {model for model, _view in rendered}
        self.assertGreater(len(rendered), 60)
        self.assertTrue({"helpdesk.ticket", "mdd.complainant", "mdd.education.session"} <= models)
        self.assertIn("helpdesk.ticket.channel", choices)
        if found:
            self.fail(
                f"{len(found)} texts are still English in Dutch:\n" + "\n".join(sorted(found))
            )

    def test_the_check_finds_english(self):
        """A text of a view, an action's help, a label, a selection value, a
        choice and a menu that lost their Dutch are found."""
        search_view = self.env.ref("mdd_meldpunt.view_mdd_report_search")
        search_view.update_field_translations("arch_db", {"nl_NL": {"Unassigned": "Unassigned"}})
        action = self.env.ref("mdd_meldpunt.action_mdd_report")
        first = "Register a first report"
        action.update_field_translations("help", {"nl_NL": {first: first}})
        self.env.registry.clear_cache()
        found, _choices, _rendered = self._english_left()
        self.assertIn(
            "helpdesk.ticket search (mdd_meldpunt.view_mdd_report_search): "
            "<filter string=...> 'Unassigned'",
            found,
        )
        self.assertIn(f"action mdd_meldpunt.action_mdd_report: help {first!r}", found)
        for record, field, xmlid in (
            (
                self.env["ir.model.fields"]._get("helpdesk.ticket", "number"),
                "field_description",
                "label of helpdesk.ticket.number",
            ),
            (
                self.env["ir.model.fields.selection"].search(
                    [
                        ("field_id.model", "=", "helpdesk.ticket"),
                        ("field_id.name", "=", "report_type"),
                        ("value", "=", "klacht"),
                    ]
                ),
                "name",
                "value of helpdesk.ticket.report_type",
            ),
            (
                self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
                "name",
                "helpdesk_ticket_channel_phone",
            ),
            (
                self.env.ref("mdd_meldpunt.menu_mdd_report_all"),
                "name",
                "menu mdd_meldpunt.menu_mdd_report_all",
            ),
        ):
            english = record.with_context(lang="en_US")[field]
            record.with_context(lang="nl_NL")[field] = english
            with self.subTest(xmlid):
                self.env.registry.clear_cache()
                found, _choices, _rendered = self._english_left()
                self.assertTrue([text for text in found if xmlid in text], xmlid)
