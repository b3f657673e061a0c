"""Scan a normalized sentence into the tokens the structure pass reads.

One compiled alternation, tried left to right, finds citation markers, P values,
confidence intervals, AE grades, response criteria, endpoint triggers, group labels,
counts, fractions, numbers with their units, and the small words that give a
sentence its structure (vs, 分别/respectively, 和/and, clause punctuation, brackets).
Every alternative is bounded or a single greedy run, so a scan is linear in the
sentence's length (tested on 100 kB of digits and 10,000 repeated "vs").
"""

from __future__ import annotations

import re
import string
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.numbers import parse_number
from extractor.measure.token_context import bare_counts, compared_bare_units, listed_units, named_numeral
from extractor.measure.shared_heads import shared_heads
from extractor.measure.token_type import Token
from extractor.measure.zh_labels import zh_group_labels
from extractor.normalize import normalize_surface

NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
RANGE_SEP = r"(?:-|~|至|到|(?<=\s)to(?=\s))"


@cache
def _master() -> re.Pattern[str]:
    cues = lx.cues()
    units = [s for u in lx.units() for ss in u.surfaces.values() for s in ss]
    # "7.4months", "37·6months": a word unit of time (or "percent") glued to its number, as scraped
    # pages print it; one-letter units stay apart ("13.0d" is a footnote mark, not days)
    glued = sorted({x for u in lx.units() if u.kind in {"time", "percent"} for x in u.surfaces.get("en", [])
                    if len(x) >= 2 and x.isalpha()}, key=lambda x: (-len(x), x))
    unit_alt = (rf"(?<![A-Za-z])(?i:{'|'.join(regex.escape(x) for x in glued)})(?![A-Za-z])|" if glued else "") \
        + lx.surface_alt(units)
    trig = lx.surface_alt([s for e in lx.endpoints() for ss in e.surfaces.values() for s in ss])
    tptrig = rf"(?:{lx.surface_alt([s for e in lx.endpoints() for s in e.after_timepoint])})" \
        rf"(?!{lx.surface_alt(cues.survivor_after)})"  # "存活患者": the survivors, no rate
    crit = lx.surface_alt([s for ss in cues.criteria.values() for s in ss])
    heads = lx.surface_alt(cues.group_label_heads)
    zh_tails = "|".join(regex.escape(t) for t in cues.group_label_tails.get("zh", []))
    en_tails = "|".join(regex.escape(t) for t in cues.group_label_tails.get("en", []))
    controls = lx.surface_alt(cues.control_arms)
    # the English count words only (双药/三药 are heads already); "monotherapy" alone only after "the"
    counted = "|".join(regex.escape(w) for w in sorted(cues.label_drug_counts, key=len, reverse=True)
                       if w.isascii() and w not in ("monotherapy", "single-agent")) + r"|(?<=\bthe\s)monotherapy"
    label = (  # a control arm ("placebo", "安慰剂组") is a group of its own, with or without the group word
        rf"(?:{controls})(?:\s?(?:{zh_tails})|\s(?i:(?:{en_tails}))(?![A-Za-z]))?"
        rf"|(?:{heads})\s?(?:{zh_tails})"
        rf"|(?<![A-Za-z0-9])[A-H]\s?(?:{zh_tails})"
        rf"|(?<![A-Za-z])(?i:(?:{en_tails}))\s(?:[A-H]|[1-9](?![.,]\d))(?![A-Za-z0-9])"  # "arm B", "Group 1"
        rf"|(?i:(?:{heads})\s(?:{en_tails}))(?![A-Za-z])"
        # "the doublet", "triplet therapy", "with the monotherapy": an arm named by its number of drugs
        rf"|(?i:(?<![A-Za-z-])(?:{counted})(?:\s(?:therapy|regimen|{en_tails}))?(?![A-Za-z-]))"
    )
    # thousands grouped by a (thin) space, as Chinese journals print counts ("4 101例"): only
    # right before a count word, and at most three groups, so a run of spaced digits stays linear
    counts = lx.surface_alt([s for s in lx.count_surfaces() if not s.isascii()])
    spaced = rf"\d{{1,3}}(?:[ \u2009\u202f]\d{{3}}){{1,3}}(?=[ ]?(?:{counts}))"
    value = (
        rf"(?P<n1>{spaced}|{NUM})(?:[ \t]{{0,2}}(?P<u1>{unit_alt}))?"  # a unit on the next line is not the number's
        rf"(?:[ \t]{{0,2}}{RANGE_SEP}[ \t]{{0,2}}(?P<n2>{NUM}))?"
        rf"(?:[ \t]{{0,2}}-?(?P<u2>{unit_alt}))?"
    )
    time_units = lx.surface_alt([s for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for s in ss])
    ci = (
        rf"(?:(?P<cil>\d{{2}}(?:\.\d)?)\s?%\s?,?\s?)?(?:{lx.surface_alt(cues.ci_words)})"  # "(95%, CI 12.4 - 55.7%)"
        rf"(?:\s?[\[(]CI[\])])?"  # "95% confidence interval [CI], 0.10 to 0.24"
        rf"\s{{0,2}}[:=,]?\s{{0,2}}\[?\s{{0,2}}(?P<c1>{NUM})\s{{0,2}}(?:%|{time_units})?\s{{0,2}}(?:-|~|to|至|,)\s{{0,2}}"
        rf"(?:(?P<c2>{NUM})|(?:{lx.surface_alt(cues.not_reached)}))\s?%?\]?"
        # "HR=0.482(0.362,0.643)": two numbers in brackets glued to a value are its interval
        rf"|(?<=\d)\((?P<c3>{NUM})\s?,\s?(?P<c4>{NUM})\)"
    )
    grade = (
        r"(?:(?P<gop>>=|<=|>|<)\s?)?(?P<g1>[1-5])\s?(?:(?:-|~|/|至)\s?(?P<g2>[1-5])\s?)?级(?P<gplus>及以上|或以上|以上)?"
        r"|(?:(?P<gop2>>=|<=)\s?)?(?<![A-Za-z])(?i:grade)\s?(?:(?P<gop3>>=|<=|>|<)\s?)?(?P<g3>[1-5])"
        r"(?:\s?(?:-|/|to|or)\s?(?P<g4>[1-5]))?(?P<gplus2>\s(?i:or\s(?:higher|greater|above)))?"
    )
    marks = r"\^\[[^\]\n]{1,40}\]|\^\{[^}\n]{1,40}\}|\[\d{1,3}(?:\s{0,2}[-,~]\s{0,2}\d{1,3}){0,20}\]"
    # "P值均<0.001", "P均<0.05", "P all <0.001": one bound for several comparisons
    both = lx.surface_alt([*cues.comparison_adverbs, "all"])
    # "P值分别为0.049、0.005": a copula with 值 stands for "="
    copula = lx.surface_alt(cues.p_value_copulas)
    # "2-sided P = .008": the test's sidedness is part of the P, its digit no value
    pval = (rf"(?:(?<![\w.])[12][\s-]sided\s{{1,2}})?(?<![A-Za-z])[Pp](?:\s?值(?:\s?(?:{both}))?(?:\s?(?:{lx.surface_alt(cues.respectively)}))?\s{{0,2}}(?:{copula})"
            rf"|(?:\s?值|[\s-]?(?i:values?))?(?:\s?(?:{both}))?\s{{0,2}}(?P<pop><=|>=|=|<|>))"
            r"\s{0,2}(?P<pv>\d?\.\d{1,8}|[01](?![\d.]))")
    # "一年总生存率", "半年": a timepoint in a numeral character; never a value of its own (X6)
    numerals = "".join(regex.escape(c) for c in cues.timepoint_numerals)
    tpnum = rf"(?<![{numerals}])(?P<tpn>[{numerals}])\s?(?P<tpu>{time_units})"
    words = "|".join(regex.escape(w) for w in sorted(cues.timepoint_words, key=len, reverse=True))
    tpnum += rf"|(?<![A-Za-z])(?P<tpw>(?i:{words}))[ \t-](?P<tpwu>(?i:{time_units}))(?![A-Za-z])"
    vs = lx.surface_alt(cues.value_comparison)
    resp = lx.surface_alt(cues.respectively)
    lists = lx.surface_alt([s for s in cues.list_separators if s not in {",", "/"}])
    phrases = "|".join(
        f"(?P<px{i}>{p})" for i, (_, p, _) in enumerate(_phrases())
    ) or r"(?!x)x"
    parts = [
        ("MARK", marks),
        ("P", pval),
        ("CI", ci),
        ("GRADE", grade),
        ("CRIT", crit),
        ("PHRASE", phrases),
        ("TRIG", trig),
        ("TPTRIG", tptrig),
        ("LABEL", label),
        # a test statistic is no result: "χ2=1.67", "x2=4.20", "t=2.31", "F=3.2", "Z=-1.96"
        ("STAT", r"(?:(?<![A-Za-z])(?:χ\s?\^?\(?2\)?|χ²|[xX]\s?2|chi-?squared?|chi2)(?:\s?值)?|(?<![A-Za-z])[tFZU])"
                 r"\s{0,2}[=:：]\s{0,2}-?\d{1,6}(?:\.\d{1,6})?(?![\d.])"),
        ("NEQ", r"(?<![A-Za-z])[nN]\s{0,2}=\s{0,2}(?P<nv>\d{1,6})(?![\d.])(?!\s?/\s?\d)"),
        ("FRAC", r"(?<![\d./])(?P<fa>\d{1,5})\s?/\s?(?P<fb>\d{1,5})(?![\d./])"),
        # "74% (77 of 104)", "(3 of 11)": a share's numerator and denominator in words, bracketed
        ("FRACOF", r"(?:(?<=[(（])|(?<=[(（] ))(?P<oa>\d{1,5}) (?:of|out of) (?P<ob>\d{1,5})(?=\s?[)）;,])"),
        ("TPNUM", tpnum),
        # "at month 12", "by Week 24": a landmark with its unit first
        ("UNITFIRST", r"(?<=(?:[Aa]t|[Bb]y)\s)(?P<uf>[Mm]onth|[Ww]eek|[Yy]ear)\s(?P<ufn>\d{1,3})(?!\d|\.\d)"),
        # "(94.0±3.0)%", "79.0±5.0%": a rate and its standard error; the error is no value (RD199)
        ("PMRATE", rf"[(（][ \t]{{0,2}}(?P<pm1>{NUM})[ \t]{{0,2}}±[ \t]{{0,2}}{NUM}[ \t]{{0,2}}[)）][ \t]{{0,2}}%"
                   rf"|(?P<pm2>{NUM})[ \t]{{0,2}}±[ \t]{{0,2}}{NUM}[ \t]{{0,2}}%"),
        ("VALUE", value),
        ("RESP", resp),
        ("VS", vs),
        ("LIST", lists),
        ("SEP", r"[,;。!?]"),
        ("OPEN", r"[(\[]"),
        ("CLOSE", r"[)\]]"),
    ]
    # A leading class of every character a token can start with lets the engine skip
    # ordinary prose in one step instead of trying every alternative at each position.
    firsts = set("0123456789.^[](),;。!?<>=$χ") | set(string.ascii_letters)
    for group in (
        [s for e in lx.endpoints() for ss in e.surfaces.values() for s in ss + e.after_timepoint],
        [s for ss in cues.criteria.values() for s in ss],
        cues.group_label_heads,
        cues.value_comparison,
        cues.respectively,
        cues.list_separators,
        cues.ci_words,
        cues.control_arms,
        list(cues.timepoint_numerals),
    ):
        firsts.update(normalize_surface(x)[:1] for x in group if x)
    for _, p, _ in _phrases():  # a phrase opens with a literal character, maybe inside "(?i:"
        first = regex.sub(r"^\(\?[a-z]*:", "", p)[:1]
        firsts.update({first.lower(), first.upper()})
    # Letters open a token only at a word's start (every ASCII surface carries that boundary): inside
    # a word of prose the engine moves on after one look instead of trying each alternative.
    letters = set(string.ascii_letters)
    lead = "[" + "".join(re.escape(c) for c in sorted(firsts - letters)) + "]"
    start = f"(?:(?={lead})|(?<![A-Za-z])(?=[A-Za-z]))"
    return re.compile(start + "(?:" + "|".join(f"(?P<{k}>{p})" for k, p in parts) + ")")


@cache
def _phrases() -> tuple[tuple[str, str, bool], ...]:
    """(endpoint code, regex, value_first) of every phrase in patterns/endpoints.jsonl."""
    out = []
    for e in lx.endpoints():
        out += [(e.code, p, False) for p in e.phrases]
        out += [(e.code, p, True) for p in e.value_first]
    return tuple(out)


@cache
def _dose_frequency() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(lx.cues().dose_frequencies, key=len, reverse=True))
    return re.compile(rf"[ \t]?(?:mg[ \t]?)?(?:{words})(?![A-Za-z])")


@cache
def _isotope() -> re.Pattern[str]:
    symbols = "|".join(re.escape(x) for x in sorted(lx.cues().isotope_symbols, key=len, reverse=True))
    return re.compile(rf"\d{{2,3}}\s?(?:{symbols})(?![a-z])")


@cache
def _month_dates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = "|".join(re.escape(x) for x in sorted(lx.cues().month_names, key=len, reverse=True))
    # a day after its month ("April 24, 2018", "Sept. 3"), or before it and a year ("24 April 2018")
    return (re.compile(rf"(?<![A-Za-z])(?:{months})\.?[ ]{{1,2}}\Z"),
            re.compile(rf"[ ]{{1,2}}(?:{months})\.?,?[ ]{{1,2}}(?:19|20)\d{{2}}(?![0-9])"))


def _day_of_date(text: str, start: int, end: int) -> bool:
    if end - start > 2:
        return False
    before, after = _month_dates()
    return bool(before.search(text[max(0, start - 12) : start]) or after.match(text, end))


def _glued(text: str, pos: int, prev_end: int) -> bool:
    """A number that is part of an identifier (CheckMate040, PD-1, KEYNOTE-394, TIM3)."""
    if pos == 0 or pos == prev_end:
        return False
    before = text[pos - 1]
    if before.isascii() and before.isalnum():
        return True
    return before in "-_." and pos >= 2 and text[pos - 2].isascii() and text[pos - 2].isalnum()


@cache
def _spaced_count() -> re.Pattern[str]:
    """A bare whole number's count noun a few words later ("501 previously untreated patients",
    "120 sorafenib-experienced patients"). At most three words of letters and hyphens, each
    bounded, between the number and the noun: anchored at the number, so the look is constant
    per number and a scan stays linear."""
    nouns = [s for u in lx.units() if u.kind == "count" for s in u.surfaces.get("en", [])]
    word = r"[A-Za-z][A-Za-z-]{0,24}"
    return re.compile(rf"(?:[ \t]{{1,2}}{word}){{1,3}}?[ \t]{{1,2}}(?P<noun>{lx.surface_alt(nouns)})")


@cache
def _gap_stop() -> frozenset[str]:
    return frozenset(w.casefold() for w in lx.cues().count_gap_stop)


def _listed_p_values(toks: list[Token]) -> list[Token]:
    """"(P = 0.007、0.035)": the numbers listed after a P value are P values of the listed
    comparisons, with its operator, not values of their own; so are those after a test statistic."""
    for k in range(2, len(toks)):
        t, sep, p = toks[k], toks[k - 1], toks[k - 2]
        if t.kind == "VALUE" and t.unit is None and p.kind == "STAT" and sep.kind == "LIST":
            t.kind = "STAT"  # "χ2 = 7.348、4.435": the statistics of the listed comparisons
            continue
        if t.kind == "VALUE" and t.unit is None and t.value is not None and 0 < t.value < 1 \
                and t.value_high is None and p.kind == "P" and (sep.kind == "LIST" or sep.text == "," and (
                    k + 1 == len(toks) or toks[k + 1].kind in {"CLOSE", "LIST"} or toks[k + 1].text == ",")):
            if not p.extra:
                p.extra = (0.0,)
            t.kind, t.code, t.extra = "P", p.code, (p.extra[0] + 1,)  # its place in the list
    return toks


def scan(text: str) -> list[Token]:
    """Tokens of ``text`` (a normalized sentence), in order; unknown characters are skipped."""
    out: list[Token] = []
    unit_table = lx.unit_by_surface()
    prev_end = -1
    skip_to = -1  # the words a spaced count took ("previously untreated patients") are no tokens
    for m in _master().finditer(text):
        kind = m.lastgroup or ""
        tok = Token(kind, m.start(), m.end(), m.group())
        if m.start() < skip_to:
            continue
        if kind in {"VALUE", "FRAC", "NEQ"} and (_glued(text, m.start(), prev_end) or _isotope().match(text, m.start())):
            continue  # (a radionuclide's mass number: "177Lu-PSMA-617", "90Y", "223Ra" name a drug)
        if kind == "VALUE" and _PLUS_MINUS.search(text, max(0, m.start() - 3), m.start()):
            prev_end = m.end()
            continue  # "12.1±3.4 months", "94.0%±3.0%": a spread after "±" is no value
        if kind == "VALUE" and m.group("u1") is None and m.group("n2") is None and _day_of_date(text, m.start(), m.end()):
            prev_end = m.end()
            continue  # "cut-off date: April 24, 2018", "on 3 May 2019": the day of a date, no value
        if kind == "VALUE" and m.group("u1") is None and m.group("n2") is None and named_numeral(text, m.end(), m.group("n1")):
            prev_end = m.end()
            continue  # "programmed cell death protein 1 (PD-1)": the numeral of a molecule's name
        if kind == "VALUE" and _dose_frequency().match(text, m.end()):
            prev_end = m.end()
            continue  # "alectinib 300 BID 0.16": a dose given twice daily, no value
        if kind == "UNITFIRST":
            unit = unit_table[m.group("uf").casefold()]
            tok.kind, tok.value, tok.unit, tok.unit_kind = "VALUE", float(m.group("ufn")), unit.id, unit.kind
            tok.num_start, tok.num_end = m.span("ufn")
        if kind == "PMRATE":
            g = "pm1" if m.group("pm1") is not None else "pm2"
            tok.kind, tok.value, tok.unit, tok.unit_kind = "VALUE", parse_number(m.group(g)), "%", "percent"
            tok.num_start, tok.num_end = m.span(g)
        if kind == "VALUE" and any(m.group(u) and text.startswith(w, m.start(u)) for u in ("u1", "u2")
                                   for w in lx.cues().count_word_compounds):
            prev_end = m.end()
            continue  # "PD-L1 CPS≥5人群": 人 opens 人群 (a population), no count: the number is a cut-off
        if kind == "VALUE" and m.group("u1") == "%" and _ci_after().match(text, m.end()):
            prev_end = m.end()
            continue  # "(95% CI, …" cut off before its bounds: the level of an interval, no value
        if kind == "VALUE":
            tok.value = parse_number(m.group("n1"))
            tok.num_start, tok.num_end = m.span("n1")
            if m.group("n2") is not None:
                tok.value_high = parse_number(m.group("n2"))
            usurf = m.group("u2") or m.group("u1")
            if not usurf and m.group("n2") is None:
                late = _unit_after_bracket().match(text, m.end())
                if late is not None:  # "5.26 [4.60–6.37] vs 4.14 [3.42–4.86] months": the unit after the interval
                    usurf = late.group("u")
            if usurf:
                unit = unit_table[usurf.casefold()]
                tok.unit, tok.unit_kind = unit.id, unit.kind
            if m.group("n2") is not None and m.group("u1") and m.group("u2") and m.group("u1") != m.group("u2"):
                # "3%-4 months" is two things, not a range: keep the first number alone
                tok.end = m.end("u1")
                tok.value_high = None
                unit = unit_table[m.group("u1").casefold()]
                tok.unit, tok.unit_kind = unit.id, unit.kind
            if not usurf and m.group("n2") is None and "." not in m.group("n1"):
                spaced = _spaced_count().match(text, m.end())
                if spaced is not None and not _gap_stop() & set(text[m.end() : spaced.start("noun")].casefold().split()):
                    unit = unit_table[spaced.group("noun").casefold()]
                    tok.unit, tok.unit_kind = unit.id, unit.kind
                    tok.end = skip_to = spaced.end()
                    tok.text = text[tok.start : tok.end]
        elif kind == "TPNUM":
            if m.group("tpw") is not None:
                unit = unit_table[m.group("tpwu").casefold()]
                tok.value = lx.cues().timepoint_words[m.group("tpw").casefold()]
                tok.unit, tok.unit_kind = unit.id, unit.kind
                tok.num_start, tok.num_end = m.span("tpw")
            else:
                unit = unit_table[m.group("tpu").casefold()]
                tok.value, tok.unit, tok.unit_kind = lx.cues().timepoint_numerals[m.group("tpn")], unit.id, unit.kind
                tok.num_start, tok.num_end = m.span("tpn")
        elif kind == "FRAC":
            # "39/49": the denominator is the group's size, the record a fraction grounds
            tok.extra = (float(m.group("fa")), float(m.group("fb")))
            tok.value = float(m.group("fb"))
            tok.num_start, tok.num_end = m.span("fb")
        elif kind == "FRACOF":
            tok.kind, tok.extra, tok.value = "FRAC", (float(m.group("oa")), float(m.group("ob"))), float(m.group("ob"))
            tok.num_start, tok.num_end = m.span("ob")
        elif kind == "NEQ":
            tok.value = float(m.group("nv"))
            tok.num_start, tok.num_end = m.span("nv")
        elif kind == "P":
            tok.code = m.group("pop") or "="
            tok.value = parse_number(m.group("pv"))
        elif kind == "CI":
            if m.group("c3") is not None:
                tok.extra = (None, parse_number(m.group("c3")), parse_number(m.group("c4")))
            else:
                level = float(m.group("cil")) if m.group("cil") else None
                high = parse_number(m.group("c2")) if m.group("c2") else None  # "15.0 months–not evaluable"
                tok.extra = (level, parse_number(m.group("c1")), high)
        elif kind == "GRADE":
            tok.code = _grade(m)
        elif kind == "CRIT":
            tok.code = lx.criterion_by_surface()[m.group().casefold()]
        elif kind == "TRIG" and m.group().casefold() in _tp_surfaces() and (
                _after_time(out, text, m.start())
                # "3-year overall survival and disease-free survival": the time covers the list
                or len(out) >= 2 and out[-1].kind == "LIST" and out[-2].kind == "TPTRIG"
                and not text[out[-1].end : m.start()].strip()):
            tok.kind, tok.code = "TPTRIG", lx.timepoint_code(m.group())  # "1年 OS", "3年RFS", "12-month overall survival"
        elif kind in {"TRIG", "TPTRIG"}:
            tok.code = _trigger_code(m.group(), kind)
            guard = lx.trigger_guards().get(tok.code)
            if guard is not None and guard.match(text, m.end()):
                prev_end = m.end()
                continue  # "HR-positive", "HR+": another word spelled like the trigger
            if kind == "TRIG" and _RATE_OF.search(text, max(0, m.start() - 16), m.start()):
                tok.code = _rate_of(m.group()) or tok.code  # "the rate of event-free survival": EFS_rate
        elif kind == "PHRASE":
            k = next(i for i in range(len(_phrases())) if m.group(f"px{i}") is not None)
            tok.code, first = _phrases()[k][0], _phrases()[k][2]
            tok.kind = "TRIG"
            if first:  # only after a value: the structure pass moves it before that value
                # (group words inside "of patients treated with X plus chemotherapy" stand between)
                last = next((t for t in reversed(out[-3:]) if t.kind not in {"LABEL", "CLOSE", "LIST"}), None)
                gap = text[last.end : m.start()] if last is not None else ""
                # ("8 out of 10 people (77.5%) were still alive": a bracketed share before it too)
                if last is None or last.kind != "VALUE" or gap.strip(" -") and not (
                        last.unit_kind == "percent" and (OF_PATIENTS.fullmatch(gap) or gap.strip() == ")")):
                    # "With a median survival follow-up of 36.0 months": no value before it, so the
                    # endpoint its words also spell, standing before its value
                    entry = lx.endpoint_by_surface().get(normalize_surface(m.group()).casefold())
                    if entry is None:
                        prev_end = m.end()
                        continue
                    tok.code, first = entry.code, False
            if first:
                # "of the adolescents and young adults": the "and" joins the people, no values
                while out and out[-1] is not last and out[-1].kind == "LIST":
                    out.pop()  # (only tokens after ``last``, the last three at most: linear)
                tok.extra = (1.0,)
        out.append(tok)
        prev_end = m.end()
    _rates_at(text, out)
    listed_units(text, out)
    compared_bare_units(text, out)
    bare_counts(text, out)
    _bracketed_intervals(out)
    return zh_group_labels(text, _listed_p_values(shared_heads(text, out)))


def _bracketed_intervals(out: list[Token]) -> None:
    """"16.0% (12.0-20.6) at 3 years": a bracketed range right after a value that it contains is
    the value's interval (the first of a list may say "95% CI"; the others do not), not a value.
    A bracket that names its range ("(range 1.2-14.5)") is the spread of the values, read elsewhere."""
    for i in range(1, len(out) - 2):
        prev, rng = out[i - 1], out[i + 1]
        if out[i].kind != "OPEN" or out[i + 2].kind != "CLOSE" or prev.kind != "VALUE" or rng.kind != "VALUE":
            continue
        if rng.value is None or rng.value_high is None or prev.value is None or rng.unit not in (None, prev.unit):
            continue
        if rng.value <= prev.value <= rng.value_high and out[i].start - prev.end <= 2 and rng.start - out[i].end <= 1:
            rng.kind, rng.extra = "CI", (None, rng.value, rng.value_high)


_PLUS_MINUS = re.compile(r"±[ \t]{0,2}$")
_RATE_OF = re.compile(r"(?<![A-Za-z])rates?\s(?:of\s)(?:the\s)?$", re.I)


def _rate_of(surface: str) -> str | None:
    """The rate of a survival endpoint named after "rate of" ("event-free survival" -> EFS_rate)."""
    try:
        return lx.timepoint_code(surface)
    except KeyError:
        return None


# "79.7% of patients treated were alive": a share of the patients before a value-first phrase
# "74.7% of patients treated were event-free", "10% of patients treated with the combination therapy
# were alive": the share's own people, a few words of their treatment at most
_PEOPLE = r"(?:patients|participants|pts|people|subjects|women|men|children|adults|adolescents|survivors)"
OF_PATIENTS = re.compile(rf"\)?\s(?:of\s(?:all\s|the\s)?(?:[\w-]{{2,20}}\s)?{_PEOPLE}"
                         # "of the adolescents and young adults": two groups of people named together
                         rf"(?:\sand\s(?:[\w-]{{2,20}}\s)?{_PEOPLE})?"
                         # "treated with X plus chemotherapy", "given a combination of two chemotherapy drugs"
                         r"(?:\s(?:treated|randomi[sz]ed|receiving|given)(?:\s(?:with|on))?(?:\s[\w+\-–]{1,30}){0,6}?)?"
                         # "(54%) of patients in the osimertinib group were alive"
                         r"(?:\s(?:in|on)\sthe(?:\s[\w+\-–]{1,30}){1,4}?\s(?:group|arm|cohort)"
                         # "22% of people in group A were alive"
                         r"|\s(?:in|on)\s(?:the\s)?(?:group|arm|cohort)\s[A-Z0-9]{1,3}"
                         # "of patients on the inavolisib therapy", "of patients on olaparib"
                         r"|\son(?:\sthe)?(?:\s[\w+\-–]{1,30}){1,3}?)?\s)")


@cache
def _unit_after_bracket() -> re.Pattern[str]:
    units = lx.surface_alt([s for u in lx.units() if u.kind in {"time", "percent"} for ss in u.surfaces.values() for s in ss])
    return re.compile(rf"[ \t]{{0,2}}[(\[][^()\[\]\n]{{1,40}}[)\]][ \t]{{0,2}}(?P<u>{units})")


@cache
def _ci_after() -> re.Pattern[str]:
    """An interval's words right after a number: "95% CI", "95%置信区间"."""
    return re.compile(r"\s{0,2}(?:" + lx.surface_alt(lx.cues().ci_words) + ")")


@cache
def _at() -> re.Pattern[str]:
    return re.compile(r"\s{0,2}(?:" + lx.surface_alt(lx.cues().timepoint_at) + r")\s{0,2}$")


def _rates_at(text: str, toks: list[Token]) -> None:
    """"progression-free survival at 24 months was 61.4%": a survival word with a timepoint
    after it names the timed rate (the structure pass then reads 24 months as its timepoint)."""
    for a, b in zip(toks, toks[1:]):
        if a.kind == "TRIG" and b.kind == "VALUE" and b.unit_kind == "time" and b.value_high is None \
                and a.text.casefold() in _tp_surfaces() and _at().match(text[a.end : b.start]):
            a.code = lx.timepoint_code(a.text)


def _after_time(out: list[Token], text: str, pos: int) -> bool:
    """Whether the token before ``pos`` is a time value right before it ("1年 ", "12-month ")."""
    if len(out) >= 2 and out[-1].text == "," and out[-2].kind == "VALUE" and out[-2].unit_kind == "time" \
            and not text[out[-1].end : pos].strip() and timepoint_lead().search(text, max(0, out[-2].start - 40), out[-2].start):
        return True  # "At 1, 2, and 3 years, OS was …": a lead timepoint phrase closed by its comma
    if not out or out[-1].kind not in {"VALUE", "TPNUM"} or out[-1].unit_kind != "time":
        return False
    # "3-year actuarial overall survival", "5-year estimated OS": a word of estimation may stand between
    return not _ESTIMATE_WORDS.sub("", text[out[-1].end : pos]).strip(" -")


_ESTIMATE_WORDS = re.compile(r"(?i:\b(?:actuarial|estimated|cumulative|Kaplan[–-]Meier|landmark|observed|projected)\b)")


@cache
def timepoint_lead() -> regex.Pattern[str]:
    """A timepoint lead ("At", "在") opening the clause the time values end: only numbers,
    commas, list words and hyphens ("At the 2-, 3-, and 4-year time points") between it and them."""
    return regex.compile(r"(?:^|[,;.]\s?)(?:" + lx.surface_alt(lx.cues().timepoint_lead) + r")\s[\d,\s\-–]{0,30}(?:and|or|和|或)?[\d\s]{0,6}$")


@cache
def _tp_surfaces() -> frozenset[str]:
    return frozenset(normalize_surface(s).casefold() for e in lx.endpoints() for s in e.after_timepoint)


def _trigger_code(surface: str, kind: str) -> str:
    if kind == "TRIG":
        return lx.endpoint_by_surface()[surface.casefold()].code
    return lx.timepoint_code(surface)


def _grade(m: re.Match[str]) -> str:
    op = m.group("gop") or m.group("gop2") or m.group("gop3") or ""
    low = m.group("g1") or m.group("g3")
    high = m.group("g2") or m.group("g4")
    if m.group("gplus") or m.group("gplus2"):
        op = ">="
    if high:
        return f"{low}-{high}"
    return f"{op}{low}"
