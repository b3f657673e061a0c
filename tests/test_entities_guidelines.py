"""The entity stage follows gold/GUIDELINES.md (sections 3.1-3.4, hard cases of section 7).

Every sentence here is written for the test (not taken from the corpus), in both languages,
so that each decision is checked as a general rule rather than as a fact about one review.
"""

from __future__ import annotations

import pytest

from extractor.entities import find_entities_in_text


def spans(text: str, label: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.norm) for e in find_entities_in_text(text) if e.label == label]


def one(text: str, label: str, surface: str):
    (ent,) = [e for e in find_entities_in_text(text) if e.label == label and e.text == surface]
    return ent


# 3.1 / D1 / D2: a biosimilar named through its reference drug is one DRUG span.
@pytest.mark.parametrize("text,surface,norm", [
    ("本研究入组患者接受曲妥珠单抗类似物治疗", "曲妥珠单抗类似物", "trastuzumab"),
    ("该方案采用贝伐珠单抗生物类似药联合化疗", "贝伐珠单抗生物类似药", "bevacizumab"),
    ("Patients received a trastuzumab biosimilar every three weeks",
     "trastuzumab biosimilar", "trastuzumab"),
    ("Switching to biosimilar infliximab was safe", None, None),  # infliximab not in lexicon
    ("A biosimilar of bevacizumab was given with FOLFOX", "biosimilar of bevacizumab",
     "bevacizumab"),
    ("Biosimilar rituximab and pembrolizumab", "Biosimilar rituximab", "rituximab"),
    ("Biosimilar adalimumab and pembrolizumab", None, None),  # adalimumab not in lexicon
    ("aflibercept biosimilars are in development", "aflibercept biosimilars", "aflibercept"),
])
def test_biosimilar_phrase_is_one_drug(text, surface, norm):
    if surface is None:
        assert all(e.attrs.get("biosimilar") is not True
                   for e in find_entities_in_text(text) if e.label == "DRUG")
        return
    ent = one(text, "DRUG", surface)
    assert (ent.norm, ent.attrs["biosimilar"]) == (norm, True)
    # No nested DRUG inside the phrase.
    inner = [e for e in find_entities_in_text(text)
             if e.label == "DRUG" and ent.start <= e.start and e.end <= ent.end and e != ent]
    assert inner == []


@pytest.mark.parametrize("text,surface", [
    ("合成了一系列索拉非尼类似物并测试其活性", "索拉非尼"),  # a chemical analogue, not a biosimilar
    ("sorafenib biosimilar claims are rare", "sorafenib"),
    ("bevacizumab biosimilarity was shown", "bevacizumab"),  # word-bounded
])
def test_biosimilar_words_need_a_biologic_and_a_whole_word(text, surface):
    ent = one(text, "DRUG", surface)
    assert "biosimilar" not in ent.attrs


@pytest.mark.parametrize("text,surface,attrs", [
    ("达攸同(IBI305)已获批", "IBI305", {"biosimilar": True, "code": "IBI305"}),
    ("BGB A317 combined with chemotherapy", "BGB A317", {"code": "BGB-A317"}),
    ("SHR1210单药二线治疗", "SHR1210", {"code": "SHR-1210"}),
    ("rioceranib plus camrelizumab", "rioceranib", {"misspelling_of": "rivoceranib"}),
])
def test_drug_attrs_code_biosimilar_misspelling(text, surface, attrs):
    ent = one(text, "DRUG", surface)
    assert {k: ent.attrs.get(k) for k in attrs} == attrs


# R8: the biosimilar phrase is a REGIMEN member; a trailing gloss stays outside.
@pytest.mark.parametrize("text,surface,norm", [
    ("Toripalimab plus a bevacizumab biosimilar (BAT1706) in advanced HCC",
     "Toripalimab plus a bevacizumab biosimilar", "toripalimab + bevacizumab"),
    ("曲妥珠单抗类似物联合帕妥珠单抗(新辅助)治疗乳腺癌", "曲妥珠单抗类似物联合帕妥珠单抗",
     "trastuzumab + None"),
    ("特瑞普利单抗联合贝伐珠单抗类似物(HLX04)一线治疗", "特瑞普利单抗联合贝伐珠单抗类似物",
     "toripalimab + bevacizumab"),
])
def test_biosimilar_member_of_regimen(text, surface, norm):
    (reg,) = [e for e in find_entities_in_text(text) if e.label == "REGIMEN"]
    assert reg.text == surface
    if "None" not in norm:
        assert reg.norm == norm


# 3.2: class nouns, codes and boundaries.
@pytest.mark.parametrize("text,expected", [
    ("换用其他靶向药物后病情稳定", [("靶向药物", "targeted")]),
    ("Molecular targeted agents improved survival", [("Molecular targeted agents", "targeted")]),
    ("多激酶靶点药物易产生耐药", [("多激酶靶点药物", "TKI")]),
    ("multikinase inhibitors such as sorafenib", [("multikinase inhibitors", "TKI")]),
    ("EGFR抑制剂联合化疗", [("EGFR抑制剂", "EGFR-TKI")]),
    ("an EGFR inhibitor was added", [("EGFR inhibitor", "EGFR-TKI")]),
    ("EGFR TKIs in NSCLC", [("EGFR TKIs", "EGFR-TKI")]),
    ("抗EGFR单抗西妥昔单抗", [("抗EGFR单抗", "anti-EGFR")]),  # antibody noun: not a TKI
    ("an anti-EGFR antibody", [("anti-EGFR antibody", "anti-EGFR")]),
    ("after immune checkpoint inhibitor-based regimens", [("immune checkpoint inhibitor", "ICI")]),
    ("PD-1 inhibitor-containing therapy", [("PD-1 inhibitor", "anti-PD-1")]),
    ("TKI-resistant tumours", [("TKI", "TKI")]),
    ("PD-L1 antibody-naive patients", [("PD-L1 antibody", "anti-PD-L1")]),
    ("ICI-refractory disease", [("ICI", "ICI")]),
    ("TKI类药物和ICI药物", [("TKI", "TKI"), ("ICI", "ICI")]),  # C8
    ("双抗药物的研发进展迅速", [("双抗", "bispecific")]),  # C6
    ("anti-PD-L1 therapy", [("anti-PD-L1", "anti-PD-L1")]),
    # zh_409 (twenty-seventh release, measured, now dev): a target before a targeted-drug noun
    ("新的第二代EGFR标靶药物能延长存活期", [("EGFR标靶药物", "EGFR-TKI")]),
    ("ALK靶向药物耐药后", [("ALK靶向药物", "ALK inhibitor")]),
])
def test_class_nouns_codes_and_boundaries(text, expected):
    assert spans(text, "DRUG_CLASS") == expected


@pytest.mark.parametrize("text", [
    "既往经PD-1/L1治疗进展的患者",  # C1 bare targets
    "对PD-L1耐药后的治疗选择",
    "VEGFR与EGFR通路的交互",
    "靶向治疗和免疫治疗都是选择",  # C2 modalities
    "双免方案与单免方案",
    "targeted therapy or immunotherapy",
    "TIGIT、TIM-3、LAG-3等抑制剂",  # C3 shared split head noun
    "CTLA-4、LAG-3等抑\n\n制剂",
    "a soluble LAG-3 fusion protein",  # C5
])
def test_not_classes(text):
    assert spans(text, "DRUG_CLASS") == []


# 3.3: regimens.
@pytest.mark.parametrize("text,surface,norm", [
    # R7: a combination word governs two coordinated classes.
    ("progression after combination therapy with TKIs and ICIs",
     "TKIs and ICIs", "class:TKI + class:ICI"),
    ("TKI和PD-1抑制剂联合治疗后进展", "TKI和PD-1抑制剂", "class:TKI + class:anti-PD-1"),
    ("联合使用酪氨酸激酶抑制剂和免疫检查点抑制剂", "酪氨酸激酶抑制剂和免疫检查点抑制剂",
     "class:TKI + class:ICI"),
    ("a combination of lenvatinib and PD-1 antibodies", "lenvatinib and PD-1 antibodies",
     "lenvatinib + class:anti-PD-1"),
    # R1: two drugs the patients received together.
    ("12例患者接受纳武利尤单抗和伊匹木单抗治疗", "纳武利尤单抗和伊匹木单抗", "nivolumab + ipilimumab"),
    ("Durvalumab and tremelimumab in unresectable HCC", "Durvalumab and tremelimumab",
     "durvalumab + tremelimumab"),
    # R2: group words stay outside.
    ("仑伐替尼联合帕博利珠单抗组的ORR更高", "仑伐替尼联合帕博利珠单抗", "lenvatinib + pembrolizumab"),
    # norm format: alternatives with "/", classes as class:<code>.
    ("Tremelimumab联合Durvalumab/Nivolumab", "Tremelimumab联合Durvalumab/Nivolumab",
     "tremelimumab + durvalumab/nivolumab"),
    ("阿帕替尼联合PD-L1单抗", "阿帕替尼联合PD-L1单抗", "apatinib + class:anti-PD-L1"),
])
def test_regimens_follow_guidelines(text, surface, norm):
    (reg,) = [e for e in find_entities_in_text(text) if e.label == "REGIMEN"]
    assert (reg.text, reg.norm) == (surface, norm)
    assert reg.attrs["drugs"] == [p.split("/") for p in norm.split(" + ")]


@pytest.mark.parametrize("text", [
    "PD-1抑制剂和CTLA-4抑制剂的作用机制不同",  # R3 topic
    "传统PD-L1抑制剂与LAG-3抑制剂的结构",
    "TKIs and ICIs are both approved",
    "Lenvatinib with or without pembrolizumab",  # R4
    "卡瑞利珠单抗联合最佳支持治疗",  # R5
    "Atezolizumab versus placebo", "帕博利珠单抗联合安慰剂",
    "靶向联合ICI治疗失败",  # R6 modality or bare target as a component
    "在原有PD-L1抑制剂基础上加用LAG-3抑制剂",
    "PD-1联合CTLA-4的双免方案",
    "索拉非尼或仑伐替尼", "lenvatinib vs sorafenib", "仑伐替尼对比索拉非尼",
])
def test_not_regimens(text):
    assert spans(text, "REGIMEN") == []


# 3.4 and T1, T2, T4, T6; D4.
@pytest.mark.parametrize("text,expected", [
    ("Oriental研究中索拉非尼的获益", [("Oriental", "Asia-Pacific")]),
    ("SHR-1210-Ⅲ-310试验的结果", [("SHR-1210-Ⅲ-310", "CARES-310")]),
    ("LBA12 and SO-5 were presented", []),
    ("一项多中心回顾性研究和该试验", []),
    ("RATIONALE 301试验显示", [("RATIONALE 301", "RATIONALE-301")]),
])
def test_trials_follow_guidelines(text, expected):
    assert spans(text, "TRIAL") == expected


def test_protocol_code_phase_and_no_nested_drug():
    ents = find_entities_in_text("SHR-1210-Ⅲ-310研究")
    assert [(e.label, e.attrs.get("phase")) for e in ents] == [("TRIAL", "III")]


@pytest.mark.parametrize("text,expected", [
    ("lenvatinib (L) plus pembrolizumab (P)", ["lenvatinib", "pembrolizumab"]),
    ("in regorafenib (rego)-naive patients", ["regorafenib", "rego"]),
])
def test_single_letters_are_not_drugs(text, expected):
    assert [s for s, _ in spans(text, "DRUG")] == expected


@pytest.mark.parametrize("text,surface,norm", [
    ("Trial id https://clinicaltrials.gov/ct2/show/NCT0412 3456.", "NCT0412 3456", "NCT04123456"),
    ("注册号NCT0343\n4379", "NCT0343\n4379", "IMbrave150"),
    ("registered as ISRCTN1234 5678", "ISRCTN1234 5678", "ISRCTN12345678"),
])
def test_registry_id_split_by_a_line_wrap(text, surface, norm):
    assert spans(text, "TRIAL") == [(surface, norm)]


@pytest.mark.parametrize("text", ["NCT0412 34567", "NCT0412 345", "NCT0412 3456x", "XNCT0412 3456"])
def test_split_registry_id_needs_the_exact_digit_count(text):
    assert spans(text, "TRIAL") == []
