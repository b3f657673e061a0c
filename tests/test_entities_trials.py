"""Names the lexicon does not list verbatim: trial program families, protocol codes, and antibody
names written without their 单抗 suffix ("帕博利珠组")."""

from __future__ import annotations

import pytest

from extractor.entities import find_entities_in_text


def trials(text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.norm) for e in find_entities_in_text(text) if e.label == "TRIAL"]


@pytest.mark.parametrize("text,name", [
    ("In DESTINY-Gastric07, trastuzumab deruxtecan was tested first line.", "DESTINY-Gastric07"),
    ("TROPION-Breast05研究显示", "TROPION-Breast05"),
    ("the MONALEESA-11 trial enrolled", "MONALEESA-11"),
    ("JCOG1509试验中位OS", "JCOG1509"),
    ("the phase II multicenter, single-arm NP30179 trial", "NP30179"),
    ("KRYSTAL-7 cohort", "KRYSTAL-7"),
])
def test_unlisted_trials_of_known_families_and_protocol_codes(text, name):
    assert name in [n for _, n in trials(text)], trials(text)


@pytest.mark.parametrize("text", [
    "CD20 trial results were awaited.",  # two letters and two digits: a biomarker, not a code
    "Patients with HER2 3+ disease were enrolled.",
    "The dose was 40 mg (AB12 study drug).",
])
def test_short_codes_are_no_trials(text):
    assert trials(text) == []


def test_listed_trial_with_a_space_in_its_name():
    assert ("EPCORE NHL-1", "EPCORE NHL-1") in trials("In the EPCORE NHL-1 trial, epcoritamab was active.")


@pytest.mark.parametrize("text,norm", [
    ("依沃西组和帕博利珠组的中位PFS分别为11.1个月和5.8个月", "ivonescimab"),
    ("帕博利珠组", "pembrolizumab"),
])
def test_an_antibody_name_without_its_danqiang_suffix_is_still_the_drug(text, norm):
    drugs = [e.norm for e in find_entities_in_text(text) if e.label == "DRUG"]
    assert norm in drugs
