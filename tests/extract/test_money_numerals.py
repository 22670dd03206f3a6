"""Money in Chinese numerals is read by cn2an (JioNLP is not a dependency): the same values
JioNLP's parse_money gave for standard numerals, approximate amounts at their lower bound."""

from __future__ import annotations

import pytest

from countybrief.extract.numbers import find_figures


def _value(text: str) -> float | None:
    figs = find_figures(text)
    assert len(figs) == 1, figs
    figs[0].evaluate()
    return figs[0].value


@pytest.mark.parametrize("text, value", [
    ("投入资金三千万元", 3e7),
    ("一千二百万元", 1.2e7),
    ("两亿元", 2e8),
    ("一百零五万元", 1.05e6),
    ("二十三万元", 2.3e5),
    ("五十多万元", 5e5),        # lower bound, as JioNLP read it
    ("三千余万元", 3e7),
    ("三四万元", 3e4),          # a range: its lower end
    ("七八百万元", 7e6),        # JioNLP read 70 000
    ("一万五千元", 1.5e4),
    ("1.15亿元", 1.15e8),       # Arabic: the fast path
    ("20多亿元", 2e9),
])
def test_chinese_money(text, value):
    assert _value(text) == value


def test_other_units_keep_cn2an_reading():
    assert _value("帮扶两千多户") == 2000
    assert _value("培训一千二百人") == 1200


def test_extraction_never_imports_jionlp():
    import subprocess
    import sys

    code = ("import sys; from countybrief.extract import extract_article; "
            "from countybrief.extract.numbers import find_figures; "
            "[f.evaluate() for f in find_figures('投入三千万元，五十多万元')]; "
            "from countybrief.extract.gazetteer import get_gazetteer; get_gazetteer(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jionlp', 'jiojio')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
