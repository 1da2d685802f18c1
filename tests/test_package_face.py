"""The package face: a handful of names in ``ita_xl.__all__``, loaded on first use, each documented
in README.md's "Use as a library" section."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import ita_xl

README = Path(__file__).parents[1] / "README.md"


def test_every_name_resolves_and_is_documented_in_the_library_section():
    section = re.search(r"^## Use as a library\n(.*?)^## ", README.read_text(encoding="utf-8"), re.S | re.M)
    assert section, "README.md has no '## Use as a library' section"
    assert 5 <= len(ita_xl.__all__) <= 10
    for name in ita_xl.__all__:
        assert getattr(ita_xl, name).__doc__, name
        assert f"`{name}`" in section.group(1), f"{name} is not in README.md's library section"
    assert set(ita_xl.__all__) <= set(dir(ita_xl))


def test_import_ita_xl_loads_none_of_them():
    code = "import sys, ita_xl; print(sorted(m for m in sys.modules if m.startswith('ita_xl')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1]).stdout
    assert out.strip() == "['ita_xl']", out


def test_the_face_from_a_case_file_to_a_filled_workbook(tmp_path):
    from ita_xl.io.case import SAMPLE

    case = ita_xl.read_case(SAMPLE)
    result = ita_xl.analyze(case)
    assert isinstance(result, ita_xl.Result) and result.framework is ita_xl.load_framework(2566)
    book = ita_xl.new_workbook(tmp_path / "ita_sample.xlsm", case)
    notices = ita_xl.fill_workbook(book)
    assert any("analysed and planned" in n.message_en for n in notices), notices
    from ita_xl.xlsx.detect import read_workbook_case

    assert ita_xl.analyze(read_workbook_case(book)).total == result.total  # the workbook holds the case
