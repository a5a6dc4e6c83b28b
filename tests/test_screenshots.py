"""scripts/screenshots and the README agree on the screenshots: every image
the README shows is one the script writes, and every image it writes is
shown. (Running the script itself takes minutes: the lead runs it.)"""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "mdd_screenshots", ROOT / "scripts" / "mdd_screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_links_every_screenshot_the_script_writes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"docs/screenshots/([\w-]+\.png)", readme))
    assert linked == set(_script().IMAGES)


def test_readme_first_screen_shows_three_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("\n## ", 1)[0]
    shown = re.findall(r'<img src="docs/screenshots/([\w-]+\.png)"', first_screen)
    assert len(shown) == 3
    assert set(shown) <= set(_script().IMAGES)
