"""The Dutch translation files of the five add-ons, checked without a server.

For each add-on, ``i18n/nl.po`` against the template ``i18n/<module>.pot``
(which scripts/i18n-update exports from a database and merges into nl.po):

- every term of the template has a Dutch translation (100 %);
- no fuzzy entries (a fuzzy translation is ignored by Odoo);
- no obsolete entries (``#~``) and no term the template no longer has;
- python and JavaScript terms keep the placeholders of their source
  (``%s``, ``%(name)s``, ``{name}``): a lost placeholder breaks the message;
- ``msgfmt --check`` accepts the file.

The files in ``i18n_extra/`` (Dutch for other modules' terms, loaded by Odoo
with the add-on's own translations) are checked the same way, except against
a template: each entry is translated, none is fuzzy or obsolete.

Nothing is skipped: a missing gettext (msgfmt) is an error.
"""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "mdd_base",
    "mdd_meldpunt",
    "mdd_voorlichting",
    "mdd_voorlichting_figures",
    "mdd_profile_drenthe",
]
EXTRA_FILES = sorted(ROOT.glob("addons/*/i18n_extra/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _is_code(entry):
    return any(location.startswith("code:") for location, _line in entry.occurrences)


def _problems(po, *, name):
    """Fuzzy, obsolete, untranslated entries and lost placeholders of ``po``."""
    problems = []
    for entry in po:
        label = f"{name}: {entry.msgid[:70]!r}"
        if entry.obsolete:
            problems.append(f"{label} is obsolete (#~): remove it")
        elif entry.fuzzy:
            problems.append(f"{label} is fuzzy: check it and remove the flag")
        elif not _translated(entry):
            problems.append(f"{label} has no Dutch translation")
        elif _is_code(entry):
            translations = [entry.msgstr, *entry.msgstr_plural.values()]
            wanted = sorted(PLACEHOLDER.findall(entry.msgid))
            for translation in filter(None, translations):
                found = sorted(PLACEHOLDER.findall(translation))
                if found != wanted:
                    problems.append(f"{label}: placeholders {found} instead of {wanted}")
    return problems


def _msgfmt_check(path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt not found (Debian: apt-get install gettext)"
    proc = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"msgfmt --check {path.relative_to(ROOT)}:\n{proc.stderr}"


@pytest.mark.parametrize("module", MODULES)
def test_dutch_translation_complete(module):
    i18n = ROOT / "addons" / module / "i18n"
    pot_path, po_path = i18n / f"{module}.pot", i18n / "nl.po"
    assert pot_path.is_file(), f"{module} has no {pot_path.name}: run scripts/i18n-update"
    assert po_path.is_file(), f"{module} has no i18n/nl.po: run scripts/i18n-update"
    pot = polib.pofile(str(pot_path))
    po = polib.pofile(str(po_path))
    assert len(pot) > 0, f"{pot_path.name} holds no terms"
    assert po.metadata.get("Language") == "nl", f"{module}/i18n/nl.po: Language is not nl"

    template = {_key(entry) for entry in pot if not entry.obsolete}
    translations = {_key(entry) for entry in po if not entry.obsolete}
    problems = [f"{module}: {msgid[:70]!r} is missing" for _c, msgid in template - translations]
    problems += [
        f"{module}: {msgid[:70]!r} is not in {pot_path.name}: remove it, or refresh "
        "the template (scripts/i18n-update)"
        for _c, msgid in translations - template
    ]
    problems += _problems(po, name=module)
    assert not problems, f"{len(problems)} problems in {module}/i18n/nl.po:\n" + "\n".join(
        sorted(problems)
    )
    _msgfmt_check(po_path)


def test_extra_translations_exist():
    # The check below must have something to check: mdd_base's file for the
    # 2FA pages and mdd_meldpunt's for the helpdesk.
    names = {path.relative_to(ROOT / "addons").as_posix() for path in EXTRA_FILES}
    assert {"mdd_base/i18n_extra/nl.po", "mdd_meldpunt/i18n_extra/nl.po"} <= names


@pytest.mark.parametrize(
    "path", EXTRA_FILES, ids=[str(path.relative_to(ROOT / "addons")) for path in EXTRA_FILES]
)
def test_extra_translations_complete(path):
    po = polib.pofile(str(path))
    assert len(po) > 0, f"{path.name} holds no terms"
    problems = _problems(po, name=str(path.relative_to(ROOT)))
    for entry in po:
        # Entries that translate another module's terms say which module.
        if not any(line.startswith("module: ") for line in entry.comment.splitlines()):
            problems.append(f"{entry.msgid[:70]!r} has no '#. module:' comment")
    assert not problems, "\n".join(problems)
    _msgfmt_check(path)


def test_checks_catch_problems(tmp_path):
    """The checks above fail on the problems they name."""
    broken = tmp_path / "nl.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#. module: mdd_base\n#: model:ir.model.fields,field_description:mdd_base.field_x\n"
        'msgid "Empty"\nmsgstr ""\n\n'
        '#. module: mdd_base\n#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Vaag"\n\n'
        '#. module: mdd_base\n#: code:addons/mdd_base/x.py:0\nmsgid "%(count)s reports"\n'
        'msgstr "%s meldingen"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Oud"\n',
        encoding="utf-8",
    )
    problems = "\n".join(_problems(polib.pofile(str(broken)), name="x"))
    assert "'Empty' has no Dutch translation" in problems
    assert "'Fuzzy' is fuzzy" in problems
    assert "'Old' is obsolete" in problems
    assert "'%(count)s reports': placeholders" in problems
