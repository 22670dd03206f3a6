"""Acceptance: extraction over the five samples against the hand-made gold facts."""

from countybrief.extract.scoring import load_gold, score

from .conftest import GOLD

MIN_RECALL = 0.95
MIN_PRECISION = 0.95


def test_gold_recall_and_precision(sample_extractions):
    facts = [f for _, ex in sample_extractions.values() for f in ex.facts]
    result = score(facts, load_gold(GOLD))
    print(result.report())
    assert result.recall >= MIN_RECALL and result.precision >= MIN_PRECISION, result.report()


def test_scoring_rules():
    from countybrief.model import Fact

    gold = [
        {"doc": "a.txt", "region": "甲县", "indicator": "poor_households", "value": 1000},
        {"doc": "a.txt", "region": "甲县", "indicator": "roads_km", "value": None, "flag": "digits_missing"},
        {"doc": "a.txt", "region": "甲县", "indicator": "cooperatives", "value": 5, "ambiguous": True},
    ]

    def fact(ind, value, flags=()):
        return Fact("a.txt", "甲县", None, ind, value, "", None, list(flags), "", (0, 0))

    s = score([fact("poor_households", 1004), fact("poor_households", 1000), fact("cooperatives", 5),
               fact("roads_km", None, ["digits_missing"])], gold)
    assert s.recall == 1.0 and s.matched == 2 and s.gold_required == 2
    assert len(s.false_positives) == 1  # the second 1000 matches nothing left
    s = score([fact("roads_km", None)], gold)  # null without the flag is not a match
    assert s.recall == 0.0 and s.precision == 0.0
