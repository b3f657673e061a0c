"""A group label defined twice: first by part of its regimen ("ADI-PEG 20試驗組125人"), then whole
("試驗組ADI-PEG 20聯合Cisplatin和Pemetrexed療法"): the group is given the whole regimen (issue 9: zh_417 of
the twenty-eighth release, measured, now dev). A text of our own in that report's style."""

from __future__ import annotations

from extractor.api import extract

TEXT = ("該試驗共收案240位病人,其中ADI-PEG 20試驗組121人、對照組119人。"
        "試驗組ADI-PEG 20聯合Cisplatin和Pemetrexed療法的整體存活期(OS)中位數9.1個月,"
        "與對照組Cisplatin和Pemetrexed合併治療的整體存活期中位數7.5個月對比。"
        "無惡化存活期(PFS)方面,試驗組為6.0個月、對照組為5.4個月。")


def test_the_fuller_later_definition_gives_the_group_its_whole_regimen():
    got = {(r.endpoint, r.value): r.arm for r in extract(text=TEXT).records}
    assert got[("mPFS", 6.0)] == ["pegargiminase", "cisplatin", "pemetrexed"]
    assert got[("mPFS", 5.4)] == ["cisplatin", "pemetrexed"]
