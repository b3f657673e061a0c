"""Forms a new article writes that the review did not: salts (D8), brands (D7), Hong Kong /
Taiwan class wordings, arms joined by 或 / or, enumerations, named regimens (R9, R10).

Every sentence is written for the test, in simplified, traditional and English text; the
expected entities were decided by reading the sentence against gold/GUIDELINES.md.
"""

from __future__ import annotations

import pytest

from extractor.entities import find_entities_in_text


def spans(text: str, label: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.norm) for e in find_entities_in_text(text) if e.label == label]


def one(text: str, label: str, surface: str):
    (ent,) = [e for e in find_entities_in_text(text) if e.label == label and e.text == surface]
    return ent


# D8: a salt word belongs to the DRUG span; norm stays the INN; no nested DRUG.
@pytest.mark.parametrize("text,expected", [
    ("患者每日口服甲磺酸阿帕替尼750 mg", [("甲磺酸阿帕替尼", "apatinib")]),
    ("甲苯磺酸索拉非尼片400 mg,每日两次", [("甲苯磺酸索拉非尼", "sorafenib")]),
    ("甲磺酸侖伐替尼膠囊按體重給藥", [("甲磺酸侖伐替尼", "lenvatinib")]),
    ("蘋果酸舒尼替尼用於腎細胞癌", [("蘋果酸舒尼替尼", "sunitinib")]),
    ("鹽酸安羅替尼單藥的療效有限", [("鹽酸安羅替尼", "anlotinib")]),
    ("索拉非尼甲苯磺酸盐的溶解度较低", [("索拉非尼甲苯磺酸盐", "sorafenib")]),
    ("Sorafenib tosylate 400 mg twice daily", [("Sorafenib tosylate", "sorafenib")]),
    ("lenvatinib mesylate capsules were dosed by weight", [("lenvatinib mesylate", "lenvatinib")]),
    ("cabozantinib S-malate tablets", [("cabozantinib S-malate", "cabozantinib")]),
    ("anlotinib hydrochloride was given orally", [("anlotinib hydrochloride", "anlotinib")]),
    ("甲磺酸氟马替尼治疗慢性髓系白血病", [("甲磺酸氟马替尼", "flumatinib")]),
    # Not a salt: a word that only starts like one, or a salt word elsewhere in the clause.
    ("sorafenib tosylates were compared", [("sorafenib", "sorafenib")]),
    ("serum phosphate fell after sorafenib", [("sorafenib", "sorafenib")]),
])
def test_salt_form_is_one_drug(text, expected):
    assert spans(text, "DRUG") == expected


@pytest.mark.parametrize("text,surface,norm", [
    ("盐酸安罗替尼联合特瑞普利单抗二线治疗", "盐酸安罗替尼联合特瑞普利单抗", "anlotinib + toripalimab"),
    ("卡瑞利珠單抗聯合甲磺酸阿帕替尼一線治療", "卡瑞利珠單抗聯合甲磺酸阿帕替尼",
     "camrelizumab + apatinib"),
    ("Lenvatinib mesylate plus pembrolizumab in HCC", "Lenvatinib mesylate plus pembrolizumab",
     "lenvatinib + pembrolizumab"),
    ("anlotinib hydrochloride plus a PD-1 inhibitor", "anlotinib hydrochloride plus a PD-1 inhibitor",
     "anlotinib + class:anti-PD-1"),
])
def test_salt_form_is_the_regimen_member(text, surface, norm):
    assert spans(text, "REGIMEN") == [(surface, norm)]


# D7: a brand surface keeps the INN as norm and carries attrs.brand = the surface as written.
@pytest.mark.parametrize("text,surface,norm", [
    ("Stivarga (regorafenib) was approved in 2017", "Stivarga", "regorafenib"),
    ("KEYTRUDA is given every three weeks", "KEYTRUDA", "pembrolizumab"),
    ("商品名为艾瑞卡的国产PD-1单抗", "艾瑞卡", "camrelizumab"),
    ("達伯舒聯合化療的研究", "達伯舒", "sintilimab"),  # traditional: the original surface
])
def test_brand_surface_sets_attrs_brand(text, surface, norm):
    ent = one(text, "DRUG", surface)
    assert (ent.norm, ent.attrs.get("brand")) == (norm, surface)


def test_brand_of_a_biosimilar_keeps_both_attrs():
    ent = one("达攸同已在国内获批上市", "DRUG", "达攸同")
    assert (ent.norm, ent.attrs.get("brand"), ent.attrs.get("biosimilar")) == (
        "bevacizumab", "达攸同", True)


@pytest.mark.parametrize("text,surface", [
    ("Stivarga (regorafenib) was approved in 2017", "regorafenib"),
    ("BAY 73-4506 is regorafenib's code", "BAY 73-4506"),  # a code, not a brand
    ("甲磺酸阿帕替尼片", "甲磺酸阿帕替尼"),
])
def test_non_brand_surfaces_have_no_brand(text, surface):
    assert "brand" not in one(text, "DRUG", surface).attrs


# Hong Kong / Taiwan class wordings (标靶 for 靶向, 酪胺酸, 免疫查核点, 单株抗体, 血管新生).
@pytest.mark.parametrize("text,expected", [
    ("病情進展後換用其他標靶藥物", [("標靶藥物", "targeted")]),
    ("部分患者改用標靶治療藥物", [("標靶治療藥物", "targeted")]),
    ("分子标靶药物的耐药机制", [("分子标靶药物", "targeted")]),
    ("免疫檢查點抑制劑的療效", [("免疫檢查點抑制劑", "ICI")]),
    ("免疫查核點抑制劑用於肝癌", [("免疫查核點抑制劑", "ICI")]),
    ("酪胺酸激酶抑制劑(TKI)", [("酪胺酸激酶抑制劑", "TKI"), ("TKI", "TKI")]),
    ("抗PD-1單株抗體", [("抗PD-1單株抗體", "anti-PD-1")]),
    ("PD-L1單株抗體的毒性", [("PD-L1單株抗體", "anti-PD-L1")]),
    ("血管新生抑制劑可能引起高血壓", [("血管新生抑制劑", "anti-angiogenic")]),
    ("化學治療藥物的毒性較大", [("化學治療藥物", "chemotherapy")]),
    ("標靶治療與免疫治療", []),  # C2: modalities
    ("接受標靶治療後進展", []),
])
def test_regional_class_wordings(text, expected):
    assert spans(text, "DRUG_CLASS") == expected


# 或 / or separates arms: the regimen is "A联合B"; only "/" makes alternatives.
@pytest.mark.parametrize("text,expected", [
    ("按1:1随机接受卡瑞利珠单抗联合阿帕替尼或索拉非尼治疗",
     [("卡瑞利珠单抗联合阿帕替尼", "camrelizumab + apatinib")]),
    ("患者按2:1隨機接受信迪利單抗聯合貝伐珠單抗類似物或索拉非尼",
     [("信迪利單抗聯合貝伐珠單抗類似物", "sintilimab + bevacizumab")]),
    ("patients were randomized to atezolizumab plus bevacizumab or sorafenib",
     [("atezolizumab plus bevacizumab", "atezolizumab + bevacizumab")]),
    ("assigned to durvalumab plus tremelimumab or sorafenib",
     [("durvalumab plus tremelimumab", "durvalumab + tremelimumab")]),
    # No trial verb: still conservative, "or" does not make an alternative.
    ("ipilimumab plus nivolumab or pembrolizumab", [("ipilimumab plus nivolumab",
                                                     "ipilimumab + nivolumab")]),
    ("伊匹木单抗联合纳武利尤单抗或帕博利珠单抗", [("伊匹木单抗联合纳武利尤单抗",
                                                 "ipilimumab + nivolumab")]),
    ("伊匹木单抗联合纳武利尤单抗/帕博利珠单抗", [("伊匹木单抗联合纳武利尤单抗/帕博利珠单抗",
                                                 "ipilimumab + nivolumab/pembrolizumab")]),
])
def test_or_separates_arms(text, expected):
    assert spans(text, "REGIMEN") == expected


# An enumeration closed by and / 和 is a list, not a combination.
@pytest.mark.parametrize("text,expected", [
    (("four agents are approved after sorafenib: regorafenib, cabozantinib, ramucirumab and "
      "pembrolizumab"), []),
    ("regorafenib, cabozantinib and ramucirumab prolonged survival", []),
    ("二线可选药物包括瑞戈非尼、卡博替尼、雷莫西尤单抗和帕博利珠单抗", []),
    ("二線藥物有瑞戈非尼、卡博替尼及雷莫西尤單抗", []),
    ("such as sorafenib, lenvatinib, and donafenib", []),
    ("Stivarga (regorafenib), Cabometyx and Keytruda are marketed", []),
    # A pair standing alone stays a regimen (R1), and a strong link inside a list too.
    ("Durvalumab and tremelimumab were given to five patients",
     [("Durvalumab and tremelimumab", "durvalumab + tremelimumab")]),
    ("可选方案有索拉非尼、仑伐替尼联合帕博利珠单抗",
     [("仑伐替尼联合帕博利珠单抗", "lenvatinib + pembrolizumab")]),
])
def test_enumerations_are_not_regimens(text, expected):
    assert spans(text, "REGIMEN") == expected


# R10 (and R9): named regimens span the name, carry attrs.named, nest no single letters.
@pytest.mark.parametrize("text,surface,norm,drugs", [
    ("「T+A」方案已成為一線標準", "T+A", "atezolizumab + bevacizumab", []),
    ("接受STRIDE方案治疗的患者", "STRIDE", "tremelimumab + durvalumab", []),
    ("“双艾组合”组的ORR更高", "双艾", "camrelizumab + apatinib", []),
    ("「雙艾」組合", "雙艾", "camrelizumab + apatinib", []),
    ("FOLFOX4方案为对照", "FOLFOX4", "oxaliplatin + fluorouracil + leucovorin", []),
    ("patients on the atezo/bev regimen", "atezo/bev", "atezolizumab + bevacizumab",
     ["atezo", "bev"]),
])
def test_named_regimens(text, surface, norm, drugs):
    ents = find_entities_in_text(text)
    (reg,) = [e for e in ents if e.label == "REGIMEN"]
    assert (reg.text, reg.norm, reg.attrs.get("named")) == (surface, norm, True)
    assert [e.text for e in ents if e.label == "DRUG"] == drugs


def test_conjunction_regimen_is_not_named():
    (reg,) = [e for e in find_entities_in_text("仑伐替尼联合帕博利珠单抗") if e.label == "REGIMEN"]
    assert "named" not in reg.attrs


# Authors hyphenate a two-word name or not ("interferon-alfa" in en_230); the lexicon lists one.
@pytest.mark.parametrize("text,surface,norm", [
    ("randomized to sunitinib (n=375) vs interferon-alfa (n=375)", "interferon-alfa", "interferon alfa"),
    ("weekly nab paclitaxel 125 mg/m2", "nab paclitaxel", "nab-paclitaxel"),
    ("protein bound paclitaxel was given", "protein bound paclitaxel", "nab-paclitaxel"),
])
def test_a_two_word_name_hyphenated_or_not(text, surface, norm):
    assert (surface, norm) in spans(text, "DRUG")


def test_a_pharmacopoeia_name_takes_the_inn():
    # RD103: 高三尖杉酯碱 / homoharringtonine is the molecule whose INN is omacetaxine mepesuccinate
    # (zh_143, zh_199, zh_230 gold); HHT stays unread (hereditary haemorrhagic telangiectasia)
    assert spans("高三尖杉酯碱联合维甲酸诱导", "DRUG")[0] == ("高三尖杉酯碱", "omacetaxine mepesuccinate")
    assert spans("Homoharringtonine 2 mg/m2 daily", "DRUG") == [("Homoharringtonine", "omacetaxine mepesuccinate")]


def test_an_abbreviation_a_chinese_term_defines_is_no_drug():
    # zh_228: "按照FL国际预后指数(IPI)分期" is the prognostic index, not ipilimumab
    assert spans("按照FL国际预后指数(IPI)分期,IPI高危者7例", "DRUG") == []
    # after a drug's own name the bracket stays that drug's abbreviation
    assert ("IPI", "ipilimumab") in spans("纳武利尤单抗联合伊匹木单抗(IPI)治疗", "DRUG")


def test_names_glued_by_a_flattened_table():
    # en_035: "KEYNOTE-590 (ESCC) NCT03189719PembrolizumabCisplatin + fluorouracil27427412.6 vs. 9.8HR 0.72"
    got = spans("JUPITER-06 NCT03829969ToripalimabCisplatin + paclitaxel25725717.0 vs. 11.0HR 0.58", "DRUG")
    assert [n for _, n in got] == ["toripalimab", "cisplatin", "paclitaxel"]
    # a capitalised word is left to the matcher; a piece must be a whole name
    assert spans("Cisplatinum-based regimens in OxaliCare centres", "DRUG") == []


def test_glued_names_stay_linear(assert_linear):
    assert_linear(find_entities_in_text, "PembrolizumabCisplatin12" * 40_000)


@pytest.mark.parametrize("text,surface,norm", [
    # en_150 "bevcizumab", zh_204 "gpirubicin", zh_174 "brutinib": a scraped page's typos -- written anew
    ("Patients received bevcizumab 7.5 mg/kg.", "bevcizumab", "bevacizumab"),
    ("gpirubicin 60 mg/m2 on day 1", "gpirubicin", "epirubicin"),
    ("the brutinib arm", "brutinib", "ibrutinib"),
])
def test_a_name_a_letter_or_two_off_a_listed_name(text, surface, norm):
    assert (surface, norm) in spans(text, "DRUG")


def test_a_new_name_far_from_any_listed_one_stays_itself():
    # a name the lexicon does not hold and no typo of one: the morphology's own reading
    assert spans("glofitamab and epcoritamab and sotrotamab were compared", "DRUG")[-1] == ("sotrotamab", None)


def test_a_name_built_on_a_listed_name_is_no_typo_of_it():
    # en_241 "aldoxorubicin" (a prodrug, not doxorubicin) was read as a two-letter typo of
    # doxorubicin before it was listed; a name that only adds letters around a listed one is
    # another drug: the typo reading leaves it alone (made-up names built on listed ones)
    from extractor.entities.drugs import _nearest, build_drug_matcher
    from extractor.lexicon import load_lexicon

    dm = build_drug_matcher(load_lexicon())
    assert [_nearest(w, dm) for w in ("zepirubicin", "nadocetaxel", "mogemcitabine")] == [None, None, None]
    assert _nearest("doxorrubicin", dm).norm == "doxorubicin"
    assert ("aldoxorubicin", "aldoxorubicin") in spans(
        "no significant difference between aldoxorubicin and investigator's choice of therapy", "DRUG")


@pytest.mark.parametrize("text,surface,norm", [
    # zh_244 "替尼泊甙(VM-26)联合司莫司汀(Me-CCNU)": 甙 is the older form of 苷; Me-CCNU is semustine, not CCNU
    ("依托泊甙联合顺铂", "依托泊甙", "etoposide"),
    ("司莫司汀(Me-CCNU)化疗", "Me-CCNU", "semustine"),
    # zh_249 (traditional): "埃萬妥單抗配合化療"
    ("埃萬妥單抗配合化療比較單用化療", "埃萬妥單抗", "amivantamab"),
    ("sipuleucel-T vs placebo", "sipuleucel-T", "sipuleucel-t"),
])
def test_names_the_sixteenth_release_missed(text, surface, norm):
    assert (surface, norm) in spans(text, "DRUG")
