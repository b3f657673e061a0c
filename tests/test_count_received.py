"""A group size followed by the treatment the group received ("30例采用NP方案治疗(对照组)"): the count is
that treatment's (issue 9: zh_416 of the twenty-eighth release, measured, now dev). Sentences of
our own in the corpus texts' style; expectations by reading."""

from __future__ import annotations

from extractor.api import extract


def counts(text: str) -> dict[float, list[str]]:
    return {r.value: r.arm for r in extract(text=text).records if r.endpoint == "n_patients"}


def test_each_count_takes_the_treatment_received_after_it():
    got = counts("方法:选取晚期NSCLC患者64例,其中31例采用西妥昔单抗联合NP方案治疗(研究组),33例采用NP方案治疗(对照组)。")
    assert got[31.0] == ["cetuximab", "vinorelbine", "cisplatin"]
    assert got[33.0] == ["vinorelbine", "cisplatin"]
    assert got[64.0] == []


def test_a_dose_may_stand_before_the_closing_word_but_a_schedule_keeps_the_count_apart():
    assert counts("其中24例患者接受培美曲塞二钠500 mg/m2治疗,21例患者接受多西他赛75 mg/m2治疗。")[21.0] == ["docetaxel"]
    got = counts("对照组60例患者接受柔红霉素45 mg/m2/d,静脉滴注,d1-d3;阿糖胞苷100 mg/m2/d,连续滴注d1-d7。")
    assert got.get(60.0) != ["daunorubicin"]
