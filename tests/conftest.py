import os

import pytest

from ita_xl.io.frameworks import analyze
from ita_xl.io.case import sample_case


@pytest.fixture(scope="session")
def sample_result():
    return analyze(sample_case())


@pytest.fixture()
def xlwings_pro(monkeypatch):
    """The remote engine needs xlwings PRO's noncommercial key, in tests only."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial"))
