"""No emoji or Unicode pictograph stands in for an icon in templates, scripts or styles."""

from __future__ import annotations

import re
from pathlib import Path

from facilitator import resource_dir

ROOT = Path(__file__).resolve().parents[2]

#: arrows, technical symbols, geometric shapes, miscellaneous symbols, dingbats, emoji
PICTOGRAPH = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u27f0-\u27ff\u2900-\u297f"
    "\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]"
)
#: Text where arrows are prose, not icons: they name the arrow keys in key help
ALLOWED = ("← → — previous or next group", "← → pages")


def files() -> list[Path]:
    found = list(Path(resource_dir("templates")).rglob("*.html"))
    found += list((Path(resource_dir("static")) / "js").rglob("*.js"))
    found += list((Path(resource_dir("static")) / "css").rglob("*.css"))
    found += list((ROOT / "frontend" / "src").rglob("*.js"))
    return found


def test_templates_scripts_and_styles_use_no_pictograph_as_an_icon():
    offenders = []
    for path in files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for allowed in ALLOWED:
                line = line.replace(allowed, "")
            if PICTOGRAPH.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, "use {{ icon(...) }} or iconElement(...):\n" + "\n".join(offenders)


def test_the_scan_would_catch_a_raised_hand_and_a_check_mark():
    assert PICTOGRAPH.search("✋ Поднять руку") and PICTOGRAPH.search("✓ Заполнено")
    assert PICTOGRAPH.search("★") and PICTOGRAPH.search("▲ 3") and PICTOGRAPH.search("🎉")
    assert not PICTOGRAPH.search("Модель — «школа» № 496, 10–12 ч, 3×4 …")
