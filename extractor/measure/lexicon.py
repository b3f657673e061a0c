"""The measurement stage's data: endpoints, units and cue words from patterns/, parsed and compiled once.

Each file is parsed by a pydantic model with ``extra="forbid"`` so a misspelled key fails
loudly; every surface is passed through ``normalize_surface`` so the patterns meet the
text in the same normalized view (traditional characters, full-width digits, ``≥``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor import resources as res
from extractor.errors import PatternError
from extractor.normalize import normalize_surface

EndpointKind = Literal["duration", "rate", "ratio", "count", "ignore"]
T = TypeVar("T")
UnitKind = Literal["time", "percent", "count", "dose", "lab", "size", "study"]  # study: "(6 studies; n = 289)", no outcome

# Which unit kinds a value of each endpoint kind may carry (None: a bare number).
ACCEPTS: dict[str, frozenset[str | None]] = {
    "duration": frozenset({"time"}),
    "rate": frozenset({"percent"}),
    "ratio": frozenset({None}),
    "count": frozenset({"count"}),
    "ignore": frozenset({"time", "percent", None, "count"}),
}


class _Strict(BaseModel):
    # defer_build: the command line keeps the parsed data pickled (_kept), which needs no
    # validator; a schema is built only when a file is parsed.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class EndpointEntry(_Strict):
    code: str
    kind: EndpointKind
    surfaces: dict[str, list[str]]
    after_timepoint: list[str] = []
    after_count: dict[str, list[str]] = {}
    # Phrasings with a variable middle, as bounded regexes on the normalized view
    # ("reduced the risk of disease progression or death by").
    phrases: list[str] = []
    # Phrases that name the endpoint of the value right before them ("a 35% reduction in the
    # risk of death", "12.8 months of median follow-up"); elsewhere they are no trigger.
    value_first: list[str] = []
    # Regexes that, matching right after a surface, show it is another word ("HR-positive":
    # hormone receptor, not hazard ratio): the surface is then no trigger.
    not_before: list[str] = []


class UnitEntry(_Strict):
    id: str
    kind: UnitKind
    surfaces: dict[str, list[str]]


class Cues(_Strict):
    value_comparison: list[str]
    subject_comparison: list[str]
    # "would be compared with gemcitabine alone": a comparison planned, not made; its side is not cued
    planned_comparison_leads: list[str]
    # ", subtotal resection (STR) was 14.9 months": word stems that make such a clause name its own outcome
    parallel_clause_stops: list[str]
    subject_comparison_open: list[str]
    subject_comparison_close: list[str]
    dose_qualifiers: list[str]  # between a comparison word and its drug: "compared to high-dose dexamethasone"
    subject_qualifiers: list[str]  # words between a comparison word and its arm: "compared to platinum-based chemotherapy"
    timepoint_lead: list[str]
    timepoint_numerals: dict[str, float]
    timepoint_words: dict[str, float]  # "Three-year PFS", "alive at two years": a timepoint spelled out
    respectively: list[str]
    list_separators: list[str]
    strong_connectors: list[str]
    addition_lead: list[str]  # "the addition of A to B": A added to the backbone B (an add-on design)
    addition_links: list[str]
    combination_lead: list[str]
    added_to: list[str]  # "cetuximab added to the concurrent therapy of paclitaxel/carboplatin": one arm
    bracket_choice_leads: list[str]  # "chemotherapy (investigator's choice of A, B, or C)": a bracket defining a group
    ratio_threshold_words: list[str]  # "a hazard ratio of less than 1 favoring", "HR未超过1.44": a bound, no result
    rise_from: list[str]  # "from 12.8 months to 20.5 months", "从10.8个月延长到20.8个月": the control's value first
    rise_to: list[str]
    negated_drug_before: list[str]  # "不含X组", "those without X": the group X was not given to
    uncoded_rate_ends: list[str]  # "病灶转移率为75.8%": a rate word and its copula before a value
    optional_drug_before: list[str]  # "使用或者不使用X", "with or without X": the negation is no group
    rise_verbs: list[str]  # "十一個月增加到十六個月": a verb of change before the word 'to' says a rise with no 'from'
    alone_words: list[str]  # "versus chemotherapy alone": the other arm added its drug to this one
    chemotherapy_words: list[str]  # a control named "chemotherapy" takes the chemotherapy the document names
    table_generic_row_words: list[str]  # "% (95% CI)", "Median — mo": a table row label naming no endpoint of its own
    table_count_row_words: list[str]  # "No. of patients with a response": a table row of counts
    table_count_percent_heads: list[str]  # "— no. (%)": a section whose cells read "98 (23)", count and share
    dose_adjectives: list[str]  # "plus low-dose cytarabine": a word of dose between the connector and the drug
    combination_after: list[str]  # "呋喹替尼和紫杉醇联合疗法", "A and B combination": the listed drugs are one arm
    weak_connectors: list[str]
    subject_fillers: list[str]
    appositive_gap: list[str]
    all_arms_words: list[str]  # "both given with A": a bare word for every arm, right before a verb of giving
    all_arms_adverbs: list[str]  # "两组均接受", "both arms also received"
    attributive_particles: list[str]  # "26.3%的客观缓解率", "A和B的联合疗法": the particle joining a qualifier
    both_groups: list[str]  # "两组患者的中位OS分别为8.7月和6.8月": the document's two compared arms, in order
    # "均采用DO方案治疗，根据给药途径分为A组、B组": the regimen every group received; a group defined by part of it has all of it
    shared_treatment_leads: list[str]
    class_gloss_words: list[str]  # "PD-1抑制剂(如纳武利尤单抗)": a class glossed by the one drug it stands for
    prior_before: list[str]
    prior_after: list[str]
    prior_after_verbs: list[str]  # a prior-treatment word that is also a verb ("sorafenib experienced a …")
    prior_verb_objects: list[str]  # words opening the verb's object: there the word is the verb
    criteria: dict[str, list[str]]
    group_label_heads: list[str]
    control_arms: list[str]
    control_words: list[str]
    experimental_words: list[str]  # generic experimental-group words: the comparison's first side
    allocation_words: list[str]  # "randomly assigned to A plus B or B": an add-on design's two arms
    allocation_or: list[str]  # "either A or placebo, plus B": the word between the two allocated arms
    # "B and D alone or in combination with X", "A with or without X": A the control, A + X the experimental arm
    optional_add_on: list[str]
    placebo_words: list[str]  # a control arm given nothing active: in an add-on design it carries the backbone
    either_words: list[str]  # "plus either A or placebo"
    or_fillers: list[str]  # "or matching placebo"
    choice_words: list[str]  # drugs of one group glossed as alternatives ("多西他赛或伊立替康")
    bare_count_after: list[str]
    # a bare number after a first count of the sentence, told apart by what follows or precedes it:
    # "323 patients were randomised to A and 328 to B", "the control group included 75 (33%)"
    count_ellipsis_after: list[str]
    count_ellipsis_before: list[str]  # words after a unitless whole number that make it a count of patients
    follow_up_of: list[str]  # between a median follow-up and the endpoint it was counted for
    ratio_qualifiers: list[str]  # "HR for OS", "风险比(对OS)": words between a ratio and the endpoint it is of
    # a duration right after these words is when or whom, never a result ("(at 6 years)", "aged
    # less than 60 years", "between 5 and 7 years", "at the 2-year follow-up")
    duration_not_value_before: list[str]
    timepoint_at: list[str]  # "survival at 24 months"
    not_reached: list[str]  # an interval's open end ("15.0 months–not evaluable")
    not_reported_cells: list[str]  # table cells that hold no value
    trial_column_words: list[str]  # a table column naming the row's trial
    p_column_words: list[str]  # a table column of P values
    loose_table_count_heads: list[str]  # a column of patient numbers in a table with no cell separators
    table_arm_heads: list[str]  # a table column naming each row's arm ("Randomization arms", "组别")
    endpoint_column_words: list[str]  # a column whose cells name the next column's endpoint ("Primary endpoint")
    loose_table_missing: list[str]  # a cell of such a table that holds no value ("N.A.", "Not reported")
    loose_table_month_abbrev: list[str]  # "6.2 versus 3 m": a month in a table cell, never in prose
    loose_table_ratio_prefix: list[str]  # "HR 0.72 (0.60–0.88)": a cell naming its ratio
    table_difference_words: list[str]  # "Difference in ORR": a row comparing arms, no arm's value
    difference_fillers: list[str]  # "延长近3个月": words between a gain's verb and its number
    comparison_adverbs: list[str]  # "均高于靶向组": adverbs before a comparison word
    group_word_compounds: list[str]  # words with 组 that are no group ("组织", "组成")
    hedge_before: list[str]  # "不足10%", "more than 80%": a background figure when no treatment is named
    hedge_after: list[str]  # "90%左右"
    # "13,000 cases are diagnosed annually", "每年可惠及约300名": a count of a population, no studied group
    count_population_words: list[str] = []
    difference_after: list[str]  # "the median PFS was 2.8 months longer with A than B": a difference
    difference_before: list[str]  # "延长近3个月", "prolonged by 2.8 months": a gain, not a median
    # "较对照组多7个月", "较对照组提升近一成": after 较 and its group, a verb before the value makes it
    # the difference between the arms, a median's or a rate's
    comparison_difference_lead: list[str]
    comparison_difference_verbs: list[str]
    # a header word of the patients' column of a table flattened with spaces (labelled_pairs.py)
    pair_row_count_heads: list[str]
    p_value_copulas: list[str]  # "P值为0.012", "P值分别为0.049、0.005": the copula after 值 is "="
    # words a group's name may open with although their first character is a lead ("中药组", "中危组")
    group_label_keep: list[str] = []
    # "观察组在对照组(的)基础上联合X": a group defined as another group's treatment plus a drug
    on_top_of_before: list[str] = []
    on_top_of: list[str] = []
    on_top_of_adds: list[str] = []
    group_label_lead: list[str]  # characters a generic "…组" label never starts with ("和同期组" -> "同期组")
    group_label_modifiers: list[str]  # words a known group name may carry before it ("序贯放化疗组")
    group_label_lead_words: list[str]  # "分为热灌注组", "结果热灌注组": words glued before a group name
    group_label_stops: list[str]  # "…组" words that name no group ("两组", "各组", "入组")
    group_give_verbs: list[str]  # "观察组采用X", "the experimental group received X" (groups.register)
    group_as_words: list[str]  # "接受X治疗的65例为试验组"  # words that make a group label a control arm's ("对照组", "control arm")
    group_label_tails: dict[str, list[str]]
    label_combination: list[str]
    label_monotherapy: list[str]
    label_drug_counts: dict[str, int]  # "the doublet", "triplet therapy": the arm of that many drugs
    count_outcome_after: list[str]
    count_outcome_fillers: list[str]
    count_outcome_before: list[str]
    count_staff_after: list[str]  # people counted after a count unit who are not patients: "2名研究者"
    outcome_count_fillers: list[str]  # between an outcome and its own count: "完全缓解仅1例"
    # "8例(26.7%)患者达到部分缓解": the bracketed share of a responder count is the rate of that outcome
    responder_share: dict[str, str]
    responder_populations: dict[str, list[str]]
    carry_over: list[str]
    carry_over_not_after: list[str]  # "较" carries, "两组比较" does not
    # "; corresponding rates with the placebo regimen were a and b": the same endpoints for another arm
    corresponding_words: list[str]
    # "其中2.8%的患者完全缓解": a share of the patients, then the outcome
    zh_share_people: list[str]
    zh_share_verbs: list[str]
    zh_share_verb_suffixes: list[str]  # "36.67%发生了不良事件": an aspect particle after the verb
    # "65.5% of patients experienced at least one grade 3/4 adverse event": the words between a
    # share and the grade of the event it counts
    event_share_people: list[str]
    event_share_verbs: list[str]
    event_share_quantifiers: list[str]
    dose_frequencies: list[str]  # "alectinib 300 BID", "600 mg QD": a dose, no value
    compared_label_lead: list[str]  # "(28.36%)与对照组(29.87%)": the word joining the other group
    compared_label_verbs: list[str]  # "…14.5个月,与对照组患者(11.8个月)比较": the verb closing such a comparison
    stage_subset: str  # "第三期", "IVA/B期": a stage names a subset; a regex, its 期 no survival period
    count_received_verbs: list[str]  # "30例采用NP方案治疗(对照组)": a count, then the treatment its group received
    count_received_ends: list[str]  # … and the word closing that treatment (not a dose schedule)
    bracket_subgroup_words: list[str]  # "77.3% (low risk) vs 59.0% (high risk)": subgroups, not arms
    count_event_before: list[str]  # "单独鼻咽部复发3例", "死亡15例": the count of an event, no group
    # "14 responses in 26 patients were required to confirm a response rate of 60%", "研究假设…预期3年OS率分别为75%":
    # a sentence of the design, whose numbers are no results
    design_words: list[str]
    isotope_symbols: list[str]  # "177Lu", "223Ra": a mass number glued to an element names a drug, no value
    value_range: list[str]
    ci_words: list[str]
    # between a landmark and its rate in a list of landmarked rates ("1年为86.0%,3年为53.9%")
    landmark_copulas: list[str]
    # modifiers of one endpoint head listed before it ("临床及病理完全缓解率", "clinical and
    # pathological complete remission rates"): the first names its own endpoint
    endpoint_modifiers: list[str]
    # a cohort's usual regimen named as such ("the most commonly used chemotherapy regimen was",
    # "最常用的化疗方案为"): its patients received several, so the document is about no one treatment
    usual_regimen: list[str]
    usual_regimen_nouns: list[str]
    usual_regimen_copulas: list[str]
    carry_copula: list[str]
    cohort_total: list[str]
    # between a count and the one arm it was allocated to, when a second count follows for the
    # next arm ("323 patients were randomised to NIVO + CABO and 328 to SUN")
    count_allocated_to: list[str]
    count_allocated_next: list[str]  # what ends the gap between that arm and the next count
    post_value_subject: list[str]
    count_group_cues: list[str]  # words before a count with its share that make it the group ("纳入91例(9%)")
    count_not_before: list[str]  # words right before a number that make it no group size ("phase 3", "男20例")
    # a list opened by these whose items name a drug or regimen before their count is a group's
    # make-up by treatment ("(包括替雷丽珠单抗85例、信迪利单抗10例…)", RD329), not groups
    # after a procedure given with the drug, between a group's verb and its drug ("对照组给予小口径导管
    # 微创引流联合顺铂"): the gap may run longer when it ends in one of these
    give_gap_joiners: list[str]
    # a sentence opening with these reports the whole cohort: no arm from the sentences before
    whole_cohort_openers: list[str]
    # a results table's columns headed by cohorts of one treatment ("Group 1 (mCSCC)" / "3 mg/kg
    # Q2W" / "(n=59)" … "Total" / "(N=193)"): the words opening a cohort's or the total's column
    cohort_column_heads: list[str]
    total_column_heads: list[str]
    route_words: list[str]  # a route printed before a drug ("in the IV rigosertib plus BSC arm")
    figure_words: list[str]  # words before a figure's or table's number ("see Figure 1", "表2"): no value
    part_words: list[str]  # a design's numbered parts ("Stages 1 + 2", "Part 3", "phase 2"): no value
    rate_pronouns: list[str]  # "these respective rates", "Corresponding rates in the comparator arm were …"
    threshold_after: list[str]  # "缓解持续时间达到6个月或更长": a duration reached, a threshold, no median
    month_names: list[str]  # "April 24, 2018": a number after a month's name is the day of a date
    share_then_treated: list[str]  # "27 patients (58.7%) received A": a group by treatment, no numerator
    histology_words: list[str]  # "腺癌13例,鳞癌20例": counts of a cohort's histologies, listed, are no group
    count_word_compounds: list[str]  # "CPS≥5人群": a count word opening a noun ("人群", population) counts nothing
    # "pathological complete response (0% viable tumor …)", "≤10% residual viable tumour": a share
    # that defines a response, no result
    defining_share_after: list[str]
    # "PD-L1 expression of at least 5%", "TPS ≥50%": a biomarker's cut-off defines a subgroup, no result
    biomarker_words: list[str]
    biomarker_qualifiers: list[str]
    threshold_words: list[str]
    # words naming the factors a randomisation or test is stratified by: the bracketed levels after
    # them ("ECOG performance status score (0-1 vs. 2)") are no results
    stratification_words: list[str]
    # after a survival word that names no rate but the patients alive ("存活患者中位随访17个月")
    survivor_after: list[str]
    count_make_up_openers: list[str]
    count_make_up_items: list[str]  # item words that count as a regimen without a drug ("其他方案15例")
    count_gap_stop: list[str]  # words that end a spaced count's gap ("2 regimens in patients" is no count)
    new_study: list[str]
    lines: dict[Literal["first", "second", "later"], list[str]]
    untreated_population: list[str]
    line_treatment_words: list[str]
    populations: dict[str, list[str]]
    default_population: str
    population_qualifiers: list[str]


def _load(name: str, model: type[_Strict]) -> list[_Strict]:
    out = []
    for lineno, obj in res.iter_jsonl(name):
        try:
            out.append(model.model_validate(obj))
        except ValidationError as exc:
            raise PatternError(f"patterns/{name}:{lineno}: {exc.errors()[0]['msg']}") from exc
    return out


class AdverseEvents(_Strict):
    comment: str = Field(alias="_comment")
    en: list[str]
    zh: list[str]


NAMED_EVENT = "AE_rate"  # the endpoint every named adverse event triggers


def _kept(name: str, files: tuple[str, ...], parse: Callable[[], T]) -> T:
    """``parse()`` of ``files``; the command line keeps the result between runs
    (``pattern_cache.cached_build``): parsing and checking the four files, and building
    their models' validators, was ~5 ms of every run."""
    import pydantic

    from extractor import pattern_cache
    from extractor.normalize import table_sources

    if pattern_cache._cache is None:
        return parse()
    sources = [*(res.pattern_file(f).read_bytes() for f in files), *table_sources(), pydantic.VERSION,
               *pattern_cache.source_of("extractor.measure.lexicon", "extractor.resources")]  # fmt: skip
    return pattern_cache.cached_build(f"measure-{name}", sources, parse)


@cache
def _adverse_events() -> AdverseEvents:
    return _kept("adverse-events", ("adverse_events.json",),
                 lambda: AdverseEvents.model_validate(res.read_json("adverse_events.json")))


@cache
def named_events() -> frozenset[str]:
    """Normalized, casefolded names of adverse events (patterns/adverse_events.json)."""
    data = _adverse_events()
    return frozenset(normalize_surface(s).casefold() for s in data.en + data.zh)


@cache
def endpoints() -> tuple[EndpointEntry, ...]:
    return _kept("endpoints", ("endpoints.jsonl", "adverse_events.json"), _endpoints)


def _endpoints() -> tuple[EndpointEntry, ...]:
    entries = tuple(e for e in _load("endpoints.jsonl", EndpointEntry) if isinstance(e, EndpointEntry))
    data = _adverse_events()
    entries = tuple(  # named adverse events are triggers of AE_rate
        e.model_copy(update={"surfaces": {"zh": e.surfaces.get("zh", []) + data.zh, "en": e.surfaces.get("en", []) + data.en}})
        if e.code == NAMED_EVENT else e
        for e in entries
    )
    codes = [e.code for e in entries]
    if len(set(codes)) != len(codes):
        raise PatternError("patterns/endpoints.jsonl: duplicate endpoint code")
    seen: dict[str, str] = {}
    for e in entries:
        for s in _all(e.surfaces):
            key = normalize_surface(s)
            if seen.setdefault(key, e.code) != e.code:
                raise PatternError(f"patterns/endpoints.jsonl: surface {s!r} used by {seen[key]} and {e.code}")
    return entries


@cache
def units() -> tuple[UnitEntry, ...]:
    return _kept("units", ("units.jsonl",), _units)


def _units() -> tuple[UnitEntry, ...]:
    entries = tuple(u for u in _load("units.jsonl", UnitEntry) if isinstance(u, UnitEntry))
    seen: dict[str, str] = {}
    for u in entries:
        for s in _all(u.surfaces):
            key = normalize_surface(s)
            if seen.setdefault(key, u.id) != u.id:
                raise PatternError(f"patterns/units.jsonl: surface {s!r} used by {seen[key]} and {u.id}")
    return entries


@cache
def cues() -> Cues:
    return _kept("cues", ("measure_cues.json",), _cues)


def _cues() -> Cues:
    try:
        data = dict(res.read_json("measure_cues.json"))
        data.pop("_comment", None)
        return Cues.model_validate(data)
    except ValidationError as exc:
        raise PatternError(f"patterns/measure_cues.json: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from exc


@cache
def trigger_guards() -> dict[str, regex.Pattern[str]]:
    """Endpoint code -> the compiled ``not_before`` guard of its surfaces."""
    return {e.code: regex.compile("|".join(f"(?:{g})" for g in e.not_before))
            for e in endpoints() if e.not_before}


@cache
def count_surfaces() -> tuple[str, ...]:
    """How the text names what a count counts ("例", "名", "patients")."""
    return tuple(s for u in units() if u.kind == "count" for ss in u.surfaces.values() for s in ss)


@cache
def coordinators() -> tuple[str, ...]:
    """List words that join two items of one list ("A和B", "A, B and C"): the list separators
    without the alternatives ("或", "or", "/")."""
    alternatives = {*cues().choice_words, "/"}
    return tuple(w for w in cues().list_separators if w not in alternatives)


@cache
def timed_rates() -> frozenset[str]:
    """Rate endpoints that take a timepoint ("1-year OS rate", "3年DFS率")."""
    return frozenset(e.code for e in endpoints() if e.kind == "rate" and e.after_timepoint)


def _all(surfaces: dict[str, list[str]]) -> list[str]:
    return [s for lang in sorted(surfaces) for s in surfaces[lang]]


def surface_alt(surfaces: list[str]) -> str:
    """A regex alternation of ``surfaces`` (normalized, longest first).

    The command line keeps the alternations it built between runs (``_alt_memo``): some
    160 of them, from ~4,000 surfaces, were ~5 ms of every run.

    ASCII-initial/final surfaces get letter boundaries so "CR" does not fire inside
    "CRC"; phrases with a lowercase letter and more than four characters match
    case-insensitively ("Median OS"), acronyms stay case-sensitive ("OS" vs "os").
    The opening boundary is written once before all ASCII-initial surfaces (no surface of
    the other group can match where one of them does), so the engine checks it once.
    """
    memo = _alt_memo()
    if memo is None:
        return _surface_alt(surfaces)
    key = tuple(surfaces)
    out = memo.get(key)
    if out is None:
        out = memo[key] = _surface_alt(surfaces)
    return out  # type: ignore[no-any-return]


@cache
def _alt_memo() -> dict[tuple[str, ...], str] | None:
    from extractor import pattern_cache
    from extractor.normalize import table_sources

    # what an alternation depends on besides its surfaces: normalize_surface, this module's
    # code and regex.escape
    sources = [*table_sources(), regex.__version__, *pattern_cache.source_of("extractor.measure.lexicon")]
    return pattern_cache.kept_memo("alternations", sources)


def _surface_alt(surfaces: list[str]) -> str:
    word, other = [], []
    for s in sorted({normalize_surface(x) for x in surfaces if x}, key=lambda x: (-len(x), x)):
        body = regex.escape(s)
        if len(s) > 4 and any(c.islower() for c in s) and s.isascii():
            body = f"(?i:{body})"
        if s[-1].isascii() and s[-1].isalnum():
            body += r"(?![A-Za-z])"
        (word if s[0].isascii() and s[0].isalnum() else other).append(body)
    parts = ([r"(?<![A-Za-z0-9])(?:" + "|".join(word) + ")"] if word else []) + other
    return "|".join(parts) if parts else r"(?!x)x"


@cache
def prior_after() -> str:
    """The words after a drug that make it a prior treatment ("sorafenib-refractory", "failure");
    a verb among them only without its object ("sorafenib experienced patients", not "patients
    treated with X experienced a median PFS of …")."""
    c = cues()
    objects = surface_alt(c.prior_verb_objects)
    return (rf"(?:{surface_alt(c.prior_after)}"
            rf"|(?:{surface_alt(c.prior_after_verbs)})(?!\s{{1,2}}(?:(?:{objects})(?![A-Za-z])|\d)))")


def compile_alt(surfaces: list[str]) -> regex.Pattern[str]:
    return _compiled(tuple(surfaces))


@cache
def _compiled(surfaces: tuple[str, ...], prefix: str = "", suffix: str = "") -> regex.Pattern[str]:
    return regex.compile(prefix + "(?:" + surface_alt(list(surfaces)) + ")" + suffix)


def compile_wrapped(surfaces: list[str], prefix: str, suffix: str) -> regex.Pattern[str]:
    """``prefix(?:surfaces)suffix``, compiled once per distinct argument."""
    return _compiled(tuple(surfaces), prefix, suffix)


@cache
def qualifiers() -> tuple[regex.Pattern[str], dict[str, str]]:
    """Population qualifiers matched whatever the spacing ("AFP >=400 ng/mL", "AFP≥400ng/mL"),
    and a map from the matched text without spaces to the first listed spelling, which is
    what a record's ``population`` says."""
    canon: dict[str, str] = {}
    for q in cues().population_qualifiers:
        canon.setdefault("".join(normalize_surface(q).split()).casefold(), q)
    # one optional short space run between characters: bounded, so the scan stays linear
    bodies = sorted(canon, key=len, reverse=True)
    alt = "|".join(r"\s{0,2}".join(regex.escape(c) for c in b) for b in bodies)
    return regex.compile(f"(?i:{alt})" if alt else r"(?!x)x"), canon


def qualifier_name(surface: str) -> str:
    return qualifiers()[1]["".join(surface.split()).casefold()]


@cache
def timepoint_code(surface: str) -> str:
    """Endpoint of an after-timepoint surface ("OS" after "1-year" -> OS_rate)."""
    key = surface.casefold()
    for e in endpoints():
        if any(normalize_surface(s).casefold() == key for s in e.after_timepoint):
            return e.code
    raise KeyError(surface)


@cache
def endpoint_by_surface() -> dict[str, EndpointEntry]:
    """Normalized, casefolded surface -> endpoint (after_timepoint surfaces excluded)."""
    table: dict[str, EndpointEntry] = {}
    for e in endpoints():
        for s in _all(e.surfaces):
            table[normalize_surface(s).casefold()] = e
    return table


@cache
def unit_by_surface() -> dict[str, UnitEntry]:
    table: dict[str, UnitEntry] = {}
    for u in units():
        for s in _all(u.surfaces):
            table[normalize_surface(s).casefold()] = u
    return table


@cache
def responder_by_surface() -> dict[str, str]:
    """Normalized, casefolded after_count surface -> responder-count endpoint ("CR" -> n_CR)."""
    table: dict[str, str] = {}
    for e in endpoints():
        for s in _all(e.after_count):
            key = normalize_surface(s).casefold()
            if table.setdefault(key, e.code) != e.code:
                raise PatternError(f"patterns/endpoints.jsonl: after_count surface {s!r} used by {table[key]} and {e.code}")
    return table


def responder_surfaces() -> list[str]:
    return [s for e in endpoints() for s in _all(e.after_count)]


@cache
def criterion_by_surface() -> dict[str, str]:
    return {normalize_surface(s).casefold(): name for name, ss in cues().criteria.items() for s in ss}


def endpoint(code: str) -> EndpointEntry:
    for e in endpoints():
        if e.code == code:
            return e
    raise KeyError(code)
