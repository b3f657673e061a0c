"""Front lines of a journal page: a spaced, bracketed abstract label ('[摘 要]') opens the
abstract (not front matter to skip), and a title's count of patients is a statement of its own
(gold R2), while the title's word order defines no arms. Texts of our own in the style of Chinese
journal pages that print a Chinese then an English abstract."""

from __future__ import annotations

from extractor.api import extract

ABSTRACT = ("[摘 要] 目的:分析贝伐珠单抗联合化疗治疗转移性结肠癌的疗效。方法:单纯化疗的98例为对照组,联合贝伐珠单抗"
            "化疗的102例为观察组。结果:观察组客观缓解率为44.1%,高于对照组的25.5%,差异有统计学意义(P<0.05)。"
            "结论:贝伐珠单抗联合化疗可提高近期疗效。\n"
            "[关键词] 贝伐珠单抗;化疗;结肠癌\n"
            "[Abstract] Objective: To analyse the efficacy of bevacizumab plus chemotherapy.\n"
            "[Key words] bevacizumab; chemotherapy\n")


def test_a_spaced_bracketed_abstract_label_opens_the_abstract():
    recs = extract(text=ABSTRACT).records
    assert {r.value for r in recs if r.endpoint == "ORR"} == {44.1, 25.5}


def test_a_titles_count_is_a_record_and_its_word_order_defines_no_arms():
    text = ("Cetuximab Versus Cetuximab Plus Irinotecan in 218 Patients With Refractory Colorectal Cancer\n\n"
            "Abstract\n"
            "Patients were randomly assigned to cetuximab plus irinotecan or cetuximab alone. The response "
            "rate was 22.9% with cetuximab plus irinotecan and 10.8% with cetuximab alone (P = .007).\n")
    recs = extract(text=text).records
    assert 218.0 in {r.value for r in recs if r.endpoint == "n_patients"}
    combo = next(r for r in recs if r.endpoint == "ORR" and r.value == 22.9)
    assert set(combo.arm) == {"cetuximab", "irinotecan"}
