"""Hostile inputs: every measurement pattern stays linear (work ratios for 4x the input; the end-to-end
cases keep generous wall-clock bounds)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest import document_from_text
from extractor.measure import extract_records
from extractor.measure.tokens import scan
from extractor.normalize import normalize
from extractor.pipeline import prepare

HOSTILE = {
    "digits": "1" * 100_000,
    "no_punctuation": "中位总生存期为 " + "肝癌患者接受治疗 " * 110_000,  # ~1 MB, one line
    "repeated_vs": "ORR " + "12% vs " * 10_000,
    "digits_dots": "1.2." * 25_000,
    "percent_runs": "%1" * 50_000,
    "spaced_counts": "12 heavily pretreated patients " * 30_000,  # counts with words before their noun
    "spaced_gap_open": "12 " + "previously " * 30_000,  # a gap that never reaches a noun
    # endpoint phrases with a variable middle, and value-first phrases (patterns/endpoints.jsonl)
    "risk_phrase_open": "reduced the risk of " + "disease " * 30_000,
    "risk_phrases": "reduced the risk of death or progression by 12% " * 10_000,
    "value_first": "35% reduction in the risk of death " * 10_000,
    "zh_risk": "降低" + "疾病进展" * 30_000 + "风险",
    "zh_groups": "诱导组和同期组" * 30_000,  # short Chinese group names (tokens.zh_group_labels)
    "zh_joined_groups": "化疗+手术+化/放疗组为" * 20_000 + "化/" * 30_000,  # names joined by "+" and "/"
}


def _records_of(text: str) -> None:
    doc = document_from_text(text)
    extract_records(doc, prepare(doc), [], [])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_scanner_is_linear(name: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    """A quarter of each hostile input against the whole: linear work grows ~4x, quadratic 16x.
    The ratio, not a wall-clock bound, is what a loaded machine cannot fake."""
    assert_linear(scan, normalize(HOSTILE[name]).text, slack=0.05)


def test_repeated_vs_sentence_end_to_end() -> None:
    doc = document_from_text(HOSTILE["repeated_vs"] + "。")
    view = prepare(doc)
    t0 = time.process_time()
    records = extract_records(doc, view, [], [])
    assert time.process_time() - t0 < 10.0
    assert records and all(r.endpoint == "ORR" for r in records)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789.%~-–个月例vs对比分别和、,;。()（）ORRmOSHRP=<≥级中位总生存期客观缓解率 ^[]", max_size=80))
def test_never_raises_and_spans_ground(text: str) -> None:
    doc = document_from_text(text or "x")
    view = prepare(doc)
    for r in extract_records(doc, view, [], []):
        surface = doc.text[r.start : r.end]
        assert surface and any(ch.isdigit() for ch in normalize(surface).text)


@pytest.mark.parametrize(
    "text",
    [
        "客观缓解率" + "12%," * 10_000 + "二线治疗。",  # many values and clauses, a line cue at the end
        "其中" + "CR 1例," * 10_000 + "。",  # many responder counts
        "A组:一线NSCLC;" * 3_000 + "A组ORR为20%。",  # many group definitions
        "共纳入" + "12例," * 10_000 + "ORR为20%。",  # many group sizes of one value
        "1、2、3年OS分别为" + "(81.5±4.2)%、" * 5_000 + "。",  # rates with their errors
        "1" + "、1" * 10_000 + "年OS率为" + "20%和" * 10_000 + "。",  # an enumerated timepoint run, many values
        "1±" * 30_000 + "1%。",  # a chain of spreads
        "ORR与DCR分别为1%、2%" + ";亚组中为1%、2%" * 5_000 + "。",  # many subset clauses
        "ORR was " + "1 and " * 20_000 + "2%.",  # bare numbers sharing a percentage
        "共" + "一百二十例" * 10_000 + "。",  # counts in Chinese numerals
        "中位PFS(9.5个月)及" * 3_000 + "中位OS(18.2个月)长于B组(" + "5.1个月," * 3_000 + ")。",  # endpoint list, compared
        "OS " + "at month 1 " * 10_000 + "was 50%.",  # landmarks with their unit first
        "OS was " + "12 months after treatment " * 5_000 + "50%.",  # landmarks before rates
    ],
)
def test_new_rules_stay_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(_records_of, text)


@pytest.mark.parametrize(
    "text",
    [
        "中位OS为2.1个月" + "(range 1.2-14.5" * 10_000 + "。",  # range words, unclosed brackets
        "ORR为30%" + "AFP >= 400 ng/m" * 10_000 + "。",  # spaced population qualifiers, never completed
        "中位OS为1个月," + "对照组为2个月," * 5_000 + "。",  # subject + copula carry-overs
        "At 1 month, " * 10_000 + "the OS rate was 50%.",  # timepoint leads before a rate
        "ORR was 30% compared with " * 10_000 + "20%.",  # 'compared with' between values
        "与" * 20_000 + "相比" * 20_000 + "ORR为30%。",  # circumfix comparison cue without a subject
        "共" * 50_000 + "12例,ORR为20%。",  # total cues
    ],
)
def test_generalization_rules_stay_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(_records_of, text)


def test_comma_lists_of_drugs_stay_linear() -> None:
    """The prior mark's enumeration rule (subjects._chains) on 5,000 comma-separated drugs."""
    from extractor.models import Entity

    head = "After failure of first-line sorafenib, "
    text = head + "regorafenib, " * 5_000 + "or cabozantinib gave a median OS of 10.6 months."
    ents = []
    pos = len(head)
    for _ in range(5_000):
        ents.append(Entity(label="DRUG", text="regorafenib", start=pos, end=pos + 11, norm="regorafenib", rule="test"))
        pos += len("regorafenib, ")
    doc = document_from_text(text)
    view = prepare(doc)
    t0 = time.process_time()
    extract_records(doc, view, ents, [])
    assert time.process_time() - t0 < 10.0


@pytest.mark.parametrize(
    "text",
    [
        "ORR was 30% vs 20% with placebo, " * 5_000 + ".",  # control-arm labels and the subject after the values
        "placebo " * 50_000 + "ORR 20%.",  # control words without values
        "一年" * 50_000 + "总生存率为30%。",  # numeral timepoints before a rate
        "风险比0.78(95%信赖区间" * 10_000 + "0.61-1.00)。",  # CI words, never completed
        "中位OS为1个月;" * 5_000 + "^[1]。",  # pieces cut at semicolons share the final citation
        "初治患者接受治疗。" + "中位OS为1个月。" * 5_000,  # a study's first-line cue over a long paragraph
        "中位OS为1个月," + "非劣于" * 10_000 + "2个月。",  # comparison words carrying the endpoint over
    ],
)
def test_comparator_rules_stay_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(_records_of, text)


def test_appositive_classes_stay_linear() -> None:
    """The appositive rule (subjects._appositive) on 5,000 "drug, a class," pairs."""
    from extractor.models import Entity

    unit = "ramucirumab, an anti-VEGFR2 antibody, "
    text = unit * 5_000 + "improved median OS to 8.5 months."
    ents = []
    for k in range(5_000):
        pos = k * len(unit)
        ents.append(Entity(label="DRUG", text="ramucirumab", start=pos, end=pos + 11, norm="ramucirumab", rule="test"))
        ents.append(Entity(label="DRUG_CLASS", text="anti-VEGFR2 antibody", start=pos + 16, end=pos + 36,
                           norm="anti-VEGFR2", rule="test"))
    doc = document_from_text(text)
    view = prepare(doc)
    t0 = time.process_time()
    records = extract_records(doc, view, ents, [])
    assert time.process_time() - t0 < 10.0
    assert [r.arm for r in records] == [["ramucirumab"]]


@pytest.mark.parametrize(
    "text",
    [
        "In 12 " + "previously " * 30_000 + "patients.",  # a spaced count whose gap never closes within reach
        "1 previously untreated adults " * 20_000 + ".",  # spaced counts without a patient noun
        # many spaced counts (2,000: every record copies its 60 kB sentence; the scanner alone gets 30,000 above)
        "12 heavily pretreated patients " * 2_000 + ".",
        "Median OS was 1 vs 2 months [2]. " * 5_000,  # sentences citing the same reference, one paragraph
        "中位OS在A组为1个月，" * 5_000 + "在B组为2个月。",  # '在…组为' carrying the endpoint over
        "ORR was " + "30% with placebo and " * 5_000 + "11% with placebo.",  # values each followed by an arm
    ],
)
def test_carry_and_spaced_count_rules_stay_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(_records_of, text)


def test_values_each_with_their_arm_stay_linear() -> None:
    """``arms.each_after`` on 5,000 "30% with lenvatinib and" values of one endpoint."""
    from extractor.models import Entity

    head, unit = "ORR was ", "30% with lenvatinib and "
    text = head + unit * 5_000 + "11% with sorafenib."
    ents = []
    for k in range(5_000):
        pos = len(head) + k * len(unit) + len("30% with ")
        ents.append(Entity(label="DRUG", text="lenvatinib", start=pos, end=pos + 10, norm="lenvatinib", rule="test"))
    pos = text.index("sorafenib")
    ents.append(Entity(label="DRUG", text="sorafenib", start=pos, end=pos + 9, norm="sorafenib", rule="test"))
    doc = document_from_text(text)
    view = prepare(doc)
    t0 = time.process_time()
    extract_records(doc, view, ents, [])
    assert time.process_time() - t0 < 10.0


def test_space_grouped_counts_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    # "4 101例": thousands grouped by a space are read only in front of a count word, and the
    # groups are bounded, so a long run of spaced digits is no quadratic search
    from extractor.measure.tokens import scan

    assert_linear(scan, "123 " * 20_000 + "456例")


@pytest.mark.parametrize(
    "text",
    [
        "Group 1\n3 mg/kg\n" * 20_000 + "ORR, %50.8 (37.5 to 64.1)44.9 (33.6 to 56.6)\n",  # cohort heads, never a size
        "Group 1\n(n=59)\nTotal\n(N=93)\n" + "Objective response rate, %50.8 (37.5 to 64.1)44.9 (33.6 to 56.6)\n" * 5_000,
        "Study N Chemotherapy OS PFS ORR DCR\n" + "ALPHA III 1st 402 CF 10.2 4.8 31.5 66\n" * 5_000,  # N inside labels
        "Study OS PFS ORR\n" + "X    (ref. 4)    (IHC3+)    CF+Y 12.9 6.1 44.0\n" * 5_000,  # cells parted by spaces
        "The " + "1-year, " * 20_000 + "and 3-year OS rates were 62.4% vs 51.7%.",  # a comma list of time adjectives
        "NR (20.7 to NE)" * 20_000,  # missing cells with their intervals
    ],
)
def test_table_and_list_rules_of_the_twelfth_session_stay_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(_records_of, text)
