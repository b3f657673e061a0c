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


@pytest.mark.parametrize("text, name", [
    ("FRUTIGA研究(clinicaltrials.gov 註冊號NCT03223376)是一項在中國35個臨床中心開展的III期臨床試驗", "FRUTIGA"),
    ("随机、双盲、对照III期临床研究(AK112–303/HARMONi-2,CTR20222137,NCT05499390)中获得的显著阳性结果", "HARMONi-2"),
    ("The ZETA-7 trial (ClinicalTrials.gov, NCT09876543) met its primary endpoint.", "ZETA-7"),
])
def test_a_registry_id_bracketed_after_a_name_is_that_trial(text: str, name: str) -> None:
    trials = {e.norm for e in find_entities_in_text(text) if e.label == "TRIAL"}
    assert trials == {name}


def test_a_registry_id_on_its_own_stays_a_trial() -> None:
    text = "In this phase 3 trial (ClinicalTrials.gov identifier: NCT09876543), 289 patients were randomized."
    assert {e.norm for e in find_entities_in_text(text) if e.label == "TRIAL"} == {"NCT09876543"}


@pytest.mark.parametrize("text,names", [
    # zh_118, zh_119, zh_123, zh_126, en_120 (moved to dev at the seventh release), and unseen wordings
    ("我们开展了上市后临床研究——REACT研究(REal world study of Avastin)", ["REACT"]),
    ("以EGFR-TKIs联合一线化疗方案进行的INTACT和TRIBUTE等研究均未显示生存益处", ["INTACT", "TRIBUTE"]),
    ("而在另一项II期临床试验(OCTANS)中", ["OCTANS"]),
    ("2020年ESMO会议公布了一项欧洲的临床研究(ICON8)结果", ["ICON8"]),
    ("the double-blind, placebo-controlled phase3trial SANDPIPER. PFS was longer", ["SANDPIPER"]),
    ("FLAURA2和MARIPOSA两项研究均显示", ["FLAURA2", "MARIPOSA"]),
    ("in a randomised phase 2 trial (ORCHARD) of osimertinib", ["ORCHARD"]),
])
def test_unlisted_acronyms_named_by_their_context(text, names):
    assert [n for _, n in trials(text)] == names, trials(text)


@pytest.mark.parametrize("text", [
    "The study (RECIST 1.1) assessed responses.",  # a criterion in brackets: a guard
    "This trial NOW enrolls patients in China.",  # a short capitalised word after the design word
    "研究(PD-1)表达",  # a target, guarded
])
def test_context_acronyms_keep_their_guards(text):
    assert trials(text) == []


@pytest.mark.parametrize("text,names", [
    # cooperative groups number their trials (dev texts en_141, zh_126, en_139)
    ("The GOG0209 trial compared TC with TAP.", [("GOG0209", "GOG-0209")]),
    ("GOG-0262和MITO7研究均采用每周紫杉醇", [("GOG-0262", "GOG-0262"), ("MITO7", "MITO7")]),
    ("EORTC 62012 Judson 2014 [81] Phase III: Doxorubicin + ifosfamide", [("EORTC 62012", "EORTC 62012")]),
    ("NSABP B-31 was pooled with NCCTG N9831.", [("NSABP B-31", "NSABP B-31"), ("NCCTG N9831", "NCCTG N9831")]),
    # names joined by "/" are one trial: the lexicon's name (en_080: "ENGOT-cx11/GOG-3407/KEYNOTE-A18")
    ("the phase 3 DUO-E/GOG-3041/ENGOT-EN10 trial", [("DUO-E", "DUO-E"), ("GOG-3041", "DUO-E"), ("ENGOT-EN10", "DUO-E")]),
])
def test_cooperative_group_numbers_and_slashed_aliases(text, names):
    assert trials(text) == names


def test_slashed_aliases_in_a_real_text() -> None:
    from pathlib import Path

    from extractor.api import extract

    result = extract(Path(__file__).resolve().parent.parent / "corpus" / "real" / "en_080.txt")
    assert {e.norm for e in result.entities if e.label == "TRIAL"} == {"KEYNOTE-A18"}


@pytest.mark.parametrize("text,names", [
    # en_177: a SWOG protocol number; more cooperative groups of leukaemia and GI oncology
    ("SWOG S0016 was a phase III randomized study", [("SWOG S0016", "SWOG S0016")]),
    ("In HOVON 65 and the PETHEMA 2005 trial", [("HOVON 65", "HOVON 65"), ("PETHEMA 2005", "PETHEMA 2005")]),
    ("the PRODIGE 5 trial and CONKO-001", [("PRODIGE 5", "PRODIGE 5"), ("CONKO-001", "CONKO-001")]),
    # zh_175: a flattened table breaks the name after its hyphen
    ("| 单药 | 非鳞癌 & 鳞癌 | KEYNOTE- 010[45, 46] | 1, 033 |", [("KEYNOTE- 010", "KEYNOTE-010")]),
    # en_179: two letters and a three-digit study number before "trial"
    ("The phase 3 MM-003 trial demonstrated", [("MM-003", "MM-003")]),
])
def test_more_trial_programs_and_numbers(text, names):
    assert trials(text) == names


@pytest.mark.parametrize("text,names", [
    # en_419: German CLL Study Group trials by their numbers; en_418: a myeloma programme's
    # protocols; en_414: a European Ewing sarcoma trial
    ("Pivotal frontline studies\n\nCLL8 [18, 20, 127]\n\nFCR vs. FC", [("CLL8", "CLL8")]),
    ("In CLL10, BR was compared with FCR; CLL14 tested venetoclax.", [("CLL10", "CLL10"), ("CLL14", "CLL14")]),
    ("Phase II Study of Total Therapy 3 (TT3) with Added Bortezomib", [("Total Therapy 3", "Total Therapy 3")]),
    ("undertook a randomised trial, EICESS-92, which addressed chemotherapy", [("EICESS-92", "EICESS-92")]),
])
def test_listed_cooperative_group_and_programme_trials(text, names):
    assert trials(text) == names


def test_a_table_of_trials_names_each_row_by_its_phase() -> None:
    # en_181: rows "H2269s [6], phase II |", "ABCSG-24 [7], phase III |", "NOAH [8], phase III |"
    text = ("Study (ref.) | No. of patients | pCR rate (%) |\nABCSG-24 [7], phase III |\n90 | 40% |\n"
            "NOAH [8], phase III |\n235 | 38% |\nREMAGUS 2 [9], phase II | 120 |\n"
            "Another row: KEYNOTE-522 (phase 3) | 64.8% |")
    assert {n for _, n in trials(text)} == {"ABCSG-24", "NOAH", "REMAGUS 2", "KEYNOTE-522"}


@pytest.mark.parametrize("text", [
    "Patients with NSCLC, phase III data were pooled.",  # a disease before ", phase"
    "CALGB/SWOG 80405: OVERVIEW Phase III trial of FOLFIRI",  # a heading word before "Phase" (en_130)
    "The CA-125 study showed a decline in 40%.",  # a biomarker with a number is no trial
    "Patients with DLBCL (phase 2) received R-CHOP.",
    "The icon 2 on the page was clicked.",
])
def test_phase_and_number_shapes_that_name_no_trial(text):
    assert [n for _, n in trials(text) if n not in ("CALGB/SWOG 80405",)] == []


def test_trial_phase_rows_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    text = "".join(f"NAME{i % 97:02d} [{i}, {i + 1}], phase III | " for i in range(4000))
    assert_linear(find_entities_in_text, text)


def test_a_table_row_opening_with_an_acronym_and_its_references_names_a_trial() -> None:
    # en_207: "ACTS-GC (39), (40) | 2007, 2011 | 1059 |", "SAMIT (41) | 2014 |" -- written anew
    text = "Trial name | Year |\n---|---|\nJACCRO GC-07 (12) | 2019 |\nPRODIGY (13), (14) | 2021 |\nNSCLC [3] | 2020 |\n"
    # (the two-word name "JACCRO GC-07" is read by the table's trial column, test_trial_column.py)
    assert [n for _, n in trials(text)] == ["JACCRO GC-07", "PRODIGY"]  # "NSCLC [3] |" stays no trial (guards)
    assert [n for _, n in trials("RESTORE (7), (8) | 2016 | 120 |")] == ["RESTORE"]


def test_a_table_row_opening_with_an_acronym_and_its_year_names_a_trial() -> None:
    # en_192: "GEST 2013 Gemcitabine plus S-1 LA M 275 29.3 …" -- written anew
    text = "Study Regimens N ORR (%)\nNAPOLI 2016 Nal-IRI plus fluorouracil 117 16\nWCLC 2021 Meeting abstracts\n"
    assert [n for _, n in trials(text)] == ["NAPOLI"]  # a congress and its year is no trial


@pytest.mark.parametrize("text,name", [
    ("Registered with the ANZCTR, ACTRN12610000915055.", "ACTRN12610000915055"),  # en_237
    ("trial registration NTR230 and NTR291", "NTR230"),  # en_138
    ("Registered at DRKS00012345.", "DRKS00012345"),
    ("CTRI/2019/05/019999 (Clinical Trials Registry-India)", "CTRI/2019/05/019999"),
    ("registered as JapicCTI-183938", "JapicCTI-183938"),
])
def test_ids_of_the_who_primary_registries(text, name):
    assert name in [n for _, n in trials(text)], trials(text)


def test_an_ambiguous_name_in_its_own_mixed_case_needs_no_context():
    # ToGA is a word in upper or Title case ("TOGA", "Toga"); printed "ToGA" it is only the trial
    assert trials("ToGA* XP/FP 5.5 11.1 35 43") == [("ToGA", "ToGA")]
    assert trials("The toga and the Toga were white.") == []


@pytest.mark.parametrize("text,name", [
    ("Results from phase 3 CheckMate -649 trial showed longer OS.", "CheckMate 649"),  # en_214
    ("primary results from the phase 3 IMforte trial (NCT05091567) presented", "IMforte"),  # en_202
    ("the Phase 3 trial (PICASSO 3) for both progression-free survival", "PICASSO 3"),  # en_216
    ("The GeDDiS trial compared gemcitabine plus docetaxel with doxorubicin.", "GeDDiS"),
])
def test_names_in_mixed_case_spaced_hyphens_and_bracketed_numbers(text, name):
    assert name in [n for _, n in trials(text)], trials(text)


@pytest.mark.parametrize("text", ["The McGill study showed a benefit.", "This Phase trial was stopped.",
                                  "The DeVita study in 1970."])
def test_surnames_and_capitalised_words_are_no_trials(text):
    assert trials(text) == []


def test_mixed_case_names_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(find_entities_in_text, "AbCdEfGhIj" * 20_000 + " trial")


@pytest.mark.parametrize("text,name", [
    # lexicon entries added on the eighteenth release's texts (measured, now dev); sentences written anew
    ("The phase II InterAACT trial compared carboplatin-paclitaxel with cisplatin-fluorouracil.", "InterAACT"),
    ("In PORTEC 3, chemoradiotherapy improved failure-free survival.", "PORTEC-3"),
    ("the MITO END-2 randomized phase II trial", "MITO END-2"),
    ("德国CAO/ARO/AIO-04研究中,加入奥沙利铂后DFS改善。", "CAO/ARO/AIO-04"),
    ("ACCORD 12研究中两组pCR率相近。", "ACCORD 12"),
    ("STAR-01中期分析显示", "STAR-01"),
    ("maintenance data from the Myeloma XI study", "Myeloma XI"),
    ("patients in the MRC Myeloma IX trial", "Myeloma IX"),
])
def test_trials_added_from_the_eighteenth_release(text, name):
    assert name in [n for _, n in trials(text)], trials(text)
    assert "AIO-04" not in [n for _, n in trials(text)]  # a part of the German trial's name is no trial


@pytest.mark.parametrize("text,norm", [
    ("Zoledronic acid was compared with clodronate.", "clodronic acid"),
    ("患者口服氯膦酸二钠。", "clodronic acid"),
    ("非那雄胺组前列腺癌发生率较低。", "finasteride"),
    ("ADI-PEG 20 plus FOLFOX in hepatocellular carcinoma", "pegargiminase"),
    ("卡氮芥组的有效率为20%。", "carmustine"),  # not chlormethine (氮芥) inside it
])
def test_drugs_added_from_the_eighteenth_release(text, norm):
    drugs = [e.norm for e in find_entities_in_text(text) if e.label == "DRUG"]
    assert drugs == [norm] or norm in drugs and "chlormethine" not in drugs, drugs


@pytest.mark.parametrize("text,name", [
    # lexicon entries added from the nineteenth release's texts (measured, now dev); sentences written anew
    ("“悟空1B”研究的中位缓解持续时间尚未达到。", "WU-KONG1B"),
    ("基于悟空6研究的结果获批上市。", "WU-KONG6"),
    ("In the VISTA trial, VMP improved overall survival.", "VISTA"),
    ("First-SIGNAL研究纳入不吸烟的肺腺癌患者。", "First-SIGNAL"),
    ("WJTOG3405 compared gefitinib with cisplatin plus docetaxel.", "WJTOG3405"),
    ("Results of the NIAGRA trial were presented at ESMO.", "NIAGARA"),  # a misspelling printed in news
])
def test_trials_added_from_the_nineteenth_release(text, name):
    assert name in [n for _, n in trials(text)], trials(text)


def test_evofosfamide_by_name_and_code():
    for text in ("Evofosfamide did not prolong OS.", "TH-302 was given on days 1 and 8."):
        assert [e.norm for e in find_entities_in_text(text) if e.label == "DRUG"] == ["evofosfamide"]


@pytest.mark.parametrize("text,names", [
    # twentieth release's texts (measured, now dev): a short program a space before a number of three
    # digits or more (en_297 "CCG 5942"); sentences written anew
    ("Results of CCG 5942 were updated after ten years.", [("CCG 5942", "CCG 5942")]),
    ("POG 9426 tested response-based therapy.", [("POG 9426", "POG 9426")]),
    ("In GOG 274, carboplatin and paclitaxel were given.", [("GOG 274", "GOG-274")]),
])
def test_short_programs_a_space_before_their_number(text, names):
    assert trials(text) == names


@pytest.mark.parametrize("text", ["GO 2 was a group of two.", "ECOG 1 or 2 patients were eligible.", "GOG 12 arms"])
def test_short_programs_need_three_digits_after_a_space(text):
    assert trials(text) == []


@pytest.mark.parametrize("text,norm", [
    # an ADC's antibody named alone is the conjugate (en_300 'inotuzumab weekly'); a drug new to the lexicon (en_304)
    ("The schedule was modified to inotuzumab weekly.", "inotuzumab ozogamicin"),
    ("Gemtuzumab was added to induction.", "gemtuzumab ozogamicin"),
    ("Polatuzumab was given every 21 days.", "polatuzumab vedotin"),
    ("IV rigosertib did not prolong survival.", "rigosertib"),
])
def test_drugs_added_from_the_twentieth_release(text, norm):
    assert [e.norm for e in find_entities_in_text(text) if e.label == "DRUG"] == [norm]


def test_trastuzumab_alone_stays_trastuzumab():
    assert [e.norm for e in find_entities_in_text("Trastuzumab was given every 3 weeks.") if e.label == "DRUG"] == ["trastuzumab"]


@pytest.mark.parametrize("text,want", [
    # a table of trials with its reference numbers glued to the names (en_360, en_363)
    ("JULIET2,6  tisa-cel 115 DLBCL, tFL, HGBL ORR 53%", [("JULIET", "JULIET")]),
    ("NCT030756968,9  Glofitamab 154", [("NCT03075696", "NCT03075696")]),
    ("approved based on the MagnetisMM-3 trial6 and the MonumenTAL-1 trial.7",
     [("MagnetisMM-3", "MagnetisMM-3"), ("MonumenTAL-1", "MonumenTAL-1")]),
])
def test_names_with_reference_numbers_glued_on(text, want):
    assert trials(text) == want


@pytest.mark.parametrize("text", [
    "NCT0307569681 was registered.",  # nine digits and no list of references: no id to read
    "Juliet2 received the drug.",  # an ambiguous name in title case, with digits: no trial
])
def test_glued_digits_alone_make_no_trial(text):
    assert trials(text) == []
