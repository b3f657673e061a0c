"""Measurements: every efficacy number with its endpoint, unit, arm, trial and citation.

``extract_records(doc, view, entities, references)`` reads the sentences of the
abstracts and the body (never front/back matter or the reference list), scans each
in the normalized view (``tokens``), groups values under their endpoint triggers
(``structure``), finds the treatment subjects (``subjects``) and gives each value its
arm (``arms``), trial, line and population (``context``) and citations
(``citations``). Records are grounded on the number itself ("13.6" of "13.6个月").

The spec is gold/GUIDELINES.md (sections 4, 5, 7). How its rules are read here:

- Group sizes (``n_patients``): "N例", "n=N", "N patients", and the denominator of a
  fraction ("79.6%(39/49)" -> 49); shares and numerators are composition (X4).
- Responder counts: a count followed by what the patients achieved ("3例患者达到CR",
  "2 patients had a partial response") or preceded by it ("CR 1例") is ``n_CR`` /
  ``n_PR`` / ``n_SD`` / ``n_response`` (``after_count`` in patterns/endpoints.jsonl);
  other outcome counts ("3例死亡") are no record. ``DOR`` is a duration of response of
  named patients ("持续反应达10.6个月"), ``median_follow_up`` the median follow-up.
- "根据RECIST v1.1和mRECIST评估的ORR为30%": criterion "RECIST 1.1/mRECIST".
- Citations: every marker of the value's sentence, in order (a sentence split by a page
  break is joined first, ``context.logical_sentences``).
- ``n``: the group size stated in the value's own sentence, for values of the same arm
  (two compared sizes go to their own arms); never on durations of response.
- ``line``: a cue in the value's clause, else before it, else after it in a clause with
  no value of its own; a line that failed ("一线索拉非尼耐药") means the next one;
  group definitions ("A组:一线…") give line and population to the group's values.
- ``trial``: null when the nearest trial is coordinated with another ("Sharp和Oriental"); a value
  whose sentence and paragraph name no other trial takes the one trial its enclosing title or
  markdown heading names ("# … (LEAP-002): a randomised, phase 3 trial", ``context``).
- Without "中位" a bare "总生存期/OS" is not ``mOS``; "缓解持续时间"/"duration of
  response" is ``mDOR``. ``HR`` has unit None; rates "%"; durations "month"/"week"/…
- Comparisons beyond "vs": "compared with" between values; "X为a,Y组为b" (a subject and a
  copula after a closed group carry the endpoint over); "a with A vs b (CI…) with B";
  the subject between two compared values is the comparator side; "与X相比" cues X.
- A prior-treatment mark spreads over connectors, but over a bare comma only inside an
  enumeration a real connector closes ("After failure of sorafenib, regorafenib …" ->
  regorafenib is the arm). "(range a-b)" is neither a CI nor a value. A count is the
  whole study's cohort (arm []) when a total cue ("共入组", "a total of") meets two arms.
- Control arms ("placebo", "best supportive care", 安慰剂, 最佳支持治疗; ``control_arms``) are
  group labels: arm [] and the words as written (sliced from ``Document.text``, so 安慰劑組
  stays traditional). A pair takes the subject right after its values ("… with placebo") or
  the cued one before ("与Y相比，X…"); a sentence with no subject takes the two sides the
  paragraph's earlier sentence sets up ("X was compared with Y", "随机接受A或B").
- A count right after a trial's name, or a randomised/compared total, is the trial's cohort
  (arm []), which sizes the HR but no arm's value. "非劣于Y的b" / "than the b with Y" carry the
  endpoint over as a comparison. Timepoints may be numeral characters (一年, 半年).
- Pieces the segmenter cut at "；" cite the markers of the whole sentence; an untreated
  population ("初治", "previously untreated") gives line ``first`` to the study's paragraph.
- A sentence whose markers cite only what the sentence before it cites ("… placebo [2]. Median
  OS was 10.2 vs 8.0 months [2].") continues that study: arms, trial and line carry over.
- Listed values each followed by their own arm ("67.2% with atezo/bev and 54.6% with
  sorafenib", "在A组为a，在B组为b") take those arms and are compared; "respectively" spreads
  the drugs of a phrase the entity stage read as one combination.
- "N <up to three words> patients" ("501 previously untreated patients") is a count; a
  preposition in the gap ("2 lines of therapy in patients") is not (``count_gap_stop``).
- Records get ids ``r0, r1, …`` in order of start.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from extractor.measure import lexicon as lx
from extractor.measure.arms import Arm, compared, is_control, resolve
from extractor.measure.bracketed_arms import labels_after_pairs
from extractor.measure.citations import find_markers
from extractor.measure.document import (
    comparison_ratios,
    control_side,
    document_line,
    experimental_side,
    first_mentions,
    mixed_cohort,
    one_article,
    one_treatment,
    read_back_control,
    rise_to_the_treatment,
    registered,
    respective_arms,
    sole_treatment,
    whole,
)
from extractor.measure.context import (
    LineName,
    assign_heading_trials,
    LSentence,
    SentenceContext,
    group_definitions,
    has_new_study,
    label_key,
    logical_sentences,
    opens_with_whole_cohort,
    sentence_context,
    trial_for,
    walk_back,
)
from extractor.measure.groups import CONTROL, CONTROL_LABEL, dosed_after, given_after, register
from extractor.measure.shorthands import add_shorthands, carried_rates, defined, drop_defining_brackets, last_rate
from extractor.measure.table_frames import read_table_frames
from extractor.measure.tables import TableValue, data_rows, read_tables
from extractor.measure.token_context import (
    bracketed_intervals,
    drop_figure_numbers,
    header_units,
    percent_zeros,
)
from extractor.measure.background import drop_non_results
from extractor.measure.records import assign_arms, assign_n, cite, count_items
from extractor.measure.parallel import link_parallel
from extractor.measure.items import Item
from extractor.measure.structure import build_items
from extractor.measure.subjects import Subject, build_subjects
from extractor.measure.tokens import scan
from extractor.models import Document, Entity, Record, Reference, renumber
from extractor.normalize import NormView

__all__ = ["extract_records"]


def extract_records(
    doc: Document, view: NormView, entities: list[Entity], references: list[Reference]
) -> list[Record]:
    """Records of every reported value in the abstracts and body, sorted by start."""
    sents = logical_sentences(doc, view.to_norm)
    ents = sorted(((*view.to_norm(e.start, e.end), e) for e in entities), key=lambda x: x[0])
    starts = [x[0] for x in ents]
    per_sentence: list[tuple[list[Item], list[Subject], str]] = []
    position = {id(ls): k for k, ls in enumerate(sents)}
    definitions: list[dict[str, tuple[str | None, str | None]]] = []  # groups defined so far in the paragraph
    shorthands = defined(view.text)  # "客观缓解率(response rate, RR)": RR is an endpoint in this document
    rate_before: str | None = None  # the survival rate named last: "these respective rates" take it
    for k, ls in enumerate(sents):
        text = view.text[ls.nstart : ls.nend]
        ls.markers = find_markers(text)
        first = bisect_left(starts, ls.nstart)  # entities sorted by start: no scan of the whole list per sentence
        last = bisect_left(starts, ls.nend, first)
        mine = [(s - ls.nstart, e - ls.nstart, ent) for s, e, ent in ents[first:last] if e <= ls.nend]
        ls.trials = [_shift(ent, s) for s, _, ent in mine if ent.label == "TRIAL"]
        toks = percent_zeros(add_shorthands(drop_defining_brackets(scan(text), text), text, shorthands))
        toks = header_units(bracketed_intervals(drop_figure_numbers(toks, text), text), text)
        if k and sents[k - 1].paragraph != ls.paragraph:
            rate_before = None  # "these rates" look back within the paragraph only
        toks = carried_rates(toks, text, rate_before)
        rate_before = last_rate(toks, rate_before)
        labels = [(t.start, t.end, t.text) for t in toks if t.kind == "LABEL"]
        labels = sorted(labels + labels_after_pairs(toks, text, [(s, e) for s, e, _ in mine]))
        subs = build_subjects(text, mine, labels)
        for sub in subs:
            sub.base = ls.nstart
        known = dict(definitions[-1]) if k and sents[k - 1].paragraph == ls.paragraph else {}
        known.update(group_definitions(text, labels))
        definitions.append(known)
        items, loose = build_items(toks, text, [(s.start, s.end) for s in subs])
        items = drop_non_results(items, text, bool(subs) or bool(ls.trials))
        treated = [(s, e) for s, e, ent in mine if ent.label in ("DRUG", "REGIMEN", "DRUG_CLASS")]
        counted = count_items(loose, text, 10_000, len(items), treated)
        # "无患者达到完全缓解,8例(26.7%)患者达到部分缓解": a share bracketed after a responder
        # count is that outcome's rate, not a value of the endpoint the clause named before
        shares = {it.tok.num_start for it in counted if it.rule == "value.responder_share"}
        if shares:
            items = _without(items, shares)
            counted = count_items(loose, text, 10_000, len(items), treated)
        items = items + counted
        per_sentence.append((items, subs, text))
    drafts: list[tuple[int, Item, Arm, LSentence, int, str, list[Subject]]] = []
    # a comparison, or a control group named anywhere (placebo, 对照组): the study has several arms
    compared_doc = any(compared(subs) or any(s.label is not None and is_control(s.label) for s in subs)
                       for _, subs, _ in per_sentence)
    hr_comparators: dict[tuple[int, int], Arm] = {}
    resolved: list[list[Subject]] = []  # each sentence's subjects, group labels resolved to their drugs
    mixed = False  # a sentence names the cohort's usual regimen as such
    for idx, (ls, (items, subs, text)) in enumerate(zip(sents, per_sentence)):
        # a sentence citing its own source (or opening "一项研究…") starts a new study: no look-back;
        # a piece after "；" shares its full sentence's marker and still reads the pieces before it
        own_study = _cites_own_study(doc, sents, idx) or has_new_study(text)
        back = [] if own_study or opens_with_whole_cohort(text) else walk_back(sents, idx)
        fallback: list[Subject] = []
        for prev in back:  # the nearest earlier sentence that names a subject
            j = position[id(prev)]
            if any(not s.prior for s in resolved[j]):
                fallback = [replace(s, start=s.start - 10**9, end=s.end - 10**9) for s in resolved[j]]
                break
            if prev.markers:
                break
        if items:
            arms, hr_cmp = assign_arms(items, subs, fallback, text, [(t.start, t.end) for t in ls.trials],
                                       compared_doc=compared_doc)
            rise_to_the_treatment(items, arms)
            link_parallel(items, arms, text)
            assign_n(items, arms)
            for i, it in enumerate(items):
                drafts.append((idx, it, arms[i], ls, i, text, subs))
                if i in hr_cmp:
                    hr_comparators[(idx, i)] = hr_cmp[i]
        # "The most commonly used regimen was etoposide-platinum": the cohort's usual drugs, no
        # subject the next sentences' values ("OS for all patients was 6.1 months") fall back to
        mixed |= (usual := mixed_cohort((text,)))
        resolved.append([] if usual else _resolved(subs, fallback, text))
    _share_citations(doc, sents)
    # registry ids name the same study as its acronym ("SUNLIGHT (NCT04737187)"): count names only
    one_study = len({e.norm or e.text for e in entities if e.label == "TRIAL" and "registry_id" not in e.attrs}) <= 1
    # a title's comparison lists the arms in any order: the groups are the ones the text defines,
    # the title's only when the text defines none
    groups = register([(subs, text) for ls, (_, subs, text) in zip(sents, per_sentence) if ls.section != "title"]) \
        or register([(subs, text) for _, subs, text in per_sentence])
    drafts = registered(drafts, groups, one_study)
    drafts = read_back_control(control_side(drafts, groups), groups)
    if one_study:  # in a review "两组" are the trial at hand's, which the document's comparison is not
        drafts = respective_arms(drafts, groups)
        drafts = experimental_side(drafts, groups)
    hr_comparators = {k: whole(arm, groups, one_study) for k, arm in hr_comparators.items()}
    sole: list[str] | None = None  # the document's one treatment, which table cells no column names take too
    if one_study and not (groups.get(CONTROL) or groups.get(CONTROL_LABEL)) \
            and not mixed:  # a compared study has two arms; a cohort with a usual regimen had several
        classes = {e.norm: e.attrs["class"] for e in entities if e.label == "DRUG" and e.norm and e.attrs.get("class")}
        drafts = one_treatment(drafts, resolved, classes, first_mentions(entities))
        sole = (sole_treatment(resolved, classes) or (None,))[0]
    elif one_study and one_article(doc):
        drafts = comparison_ratios(drafts, groups, hr_comparators)
    assign_heading_trials(doc, entities, sents, view.text)
    study_lines = _study_lines(sents, per_sentence, doc)
    contexts: dict[int, SentenceContext] = {}  # line and population cues, read once a sentence
    doc_line = document_line(per_sentence, contexts) if one_study else None
    # the one trial a one-study document names is the trial of every value no sentence gives one
    named = {e.norm or e.text for e in entities if e.label == "TRIAL"}
    doc_trial = next(iter(named)) if one_study and len(named) == 1 and one_article(doc) else None
    loose, loose_rows, pair_rows = read_table_frames(doc.text, entities)
    rows = sorted((data_rows(doc.text) if "|" in doc.text or "\t" in doc.text else []) + loose_rows)
    if not rows:
        return _to_records(doc, view, drafts, sents, references, hr_comparators, definitions, study_lines, doc_line,
                           doc_trial, contexts)
    # table rows are read by the table frame, not as sentences
    row_starts = [r[0] for r in rows]
    drafts = [d for d in drafts if not _in_rows(view.to_orig(d[3].nstart + d[1].tok.num_start,
                                                              d[3].nstart + d[1].tok.num_end)[0], rows, row_starts)]
    records = _to_records(doc, view, drafts, sents, references, hr_comparators, definitions, study_lines, doc_line,
                           doc_trial, contexts)
    return _renumber(records + _table_records(doc, entities, loose, doc_trial, doc_line, pair_rows, sole))


def _in_rows(pos: int, rows: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_left(starts, pos + 1) - 1
    return k >= 0 and rows[k][0] <= pos < rows[k][1]


def _table_records(doc: Document, entities: list[Entity], loose: list[TableValue], doc_trial: str | None,
                   doc_line: LineName | None, claimed: list[tuple[int, int]], sole: list[str] | None = None
                   ) -> list[Record]:
    """Records of the values tables state; a one-study document's trial and line of therapy are
    those of every row that names none, and its one treatment (``sole``) the arm of every cell
    whose column or row names no drug and no control (a cohort's column: "Group 1", "Total").
    ``claimed``: tables another frame read whole."""
    values = read_tables(doc.text, entities, claimed)
    for v in loose:  # partners index their own table's values: make them index ``values``
        if v.partner is not None:
            v.partner += len(values)
    values += loose
    if any(v.trial and v.trial != doc_trial for v in values):
        doc_trial = doc_line = None  # rows naming their trials: a table of studies, not of the document's one
    out: list[Record] = []
    for k, v in enumerate(values):
        if sole and not v.arm and not (v.arm_label and is_control(v.arm_label)) \
                and (v.arm_label or v.code not in {"n_patients", "median_follow_up"}):
            v.arm = list(sole)  # (a count or follow-up with no group: the cohort's, as in one_treatment)
        page, bbox = doc.locate(v.start, v.end)
        rec = Record(
            id=f"t{k}", endpoint=v.code, value=v.value, unit=v.unit, arm=v.arm, arm_label=v.arm_label,
            comparator=v.comparator, comparator_label=v.comparator_label, trial=v.trial or doc_trial, line=v.line or doc_line,
            ci_low=v.ci[0] if v.ci else None, ci_high=v.ci[1] if v.ci else None,
            p_value=v.p[1] if v.p else None, p_operator=v.p[0] if v.p else None,  # type: ignore[arg-type]
            timepoint=v.timepoint,
            section=doc.section_at(v.start), sentence_start=v.row[0], sentence_end=v.row[1],
            start=v.start, end=v.end, page=page, bbox=bbox, rule=v.rule,
        )
        out.append(rec)
    for k, v in enumerate(values):
        if v.partner is not None:
            other = values[v.partner]
            out[k].comparator, out[k].comparator_label = other.arm, other.arm_label
            out[k].comparator_value, out[k].comparator_id = other.value, out[v.partner].id
    return out


def _renumber(records: list[Record]) -> list[Record]:
    """Ids ``r0, r1, …`` in order of start, comparator ids following their records."""
    records.sort(key=lambda r: (r.start, r.end))
    return renumber(records)


def _without(items: list[Item], drop: set[int]) -> list[Item]:
    """``items`` without those grounded at ``drop``, compared partners pointing into the new list;
    an item whose partner went stands alone."""
    new_index: dict[int, int] = {}
    kept: list[Item] = []
    for i, it in enumerate(items):
        if it.tok.num_start not in drop:
            new_index[i] = len(kept)
            kept.append(it)
    for it in kept:
        if it.partner is not None:
            if it.partner in new_index:
                it.partner = new_index[it.partner]
            else:
                it.partner, it.side = None, 0
    return kept


def _resolved(subs: list[Subject], fallback: list[Subject], text: str) -> list[Subject]:
    """``subs`` with each group label that names drugs turned into that drug phrase (its words kept
    as the group), so a later sentence reading them back gets the arm this sentence meant. A label
    given its treatment right after it ("B组采用吉西他滨联合奈达铂") takes that treatment."""
    out = []
    pool = fallback + subs
    for k, s in enumerate(subs):
        if s.label is not None:
            nxt = subs[k + 1] if k + 1 < len(subs) else None
            given = nxt is not None and nxt.label is None and not nxt.prior and nxt.drugs and given_after(text, s, nxt)
            arm = Arm(list(dict.fromkeys(nxt.drugs + dosed_after(subs, k + 1, text))), s.label) if given \
                else resolve(s, pool)
            if arm.drugs:
                s = replace(s, parts=[arm.drugs], label=None, group=s.label)
        out.append(s)
    return out


def _ends_clause(doc: Document, ls: LSentence) -> bool:
    """Whether a piece ends at a semicolon: the segmenter cuts there, but the sentence goes on."""
    return doc.text[ls.start : ls.end].rstrip()[-1:] in {"；", ";"}


def _continues(doc: Document, sents: list[LSentence], idx: int) -> bool:
    prev = sents[idx - 1] if idx else None
    return prev is not None and prev.paragraph == sents[idx].paragraph and _ends_clause(doc, prev)


def _cites_own_study(doc: Document, sents: list[LSentence], idx: int) -> bool:
    """Whether a sentence's markers introduce a study of its own. Not when the sentence before it
    (same paragraph) cites the same references: English reviews repeat "[2]" on each sentence of
    one trial ("… was compared with placebo [2]. Median OS was 10.2 vs 8.0 months [2].")."""
    ls = sents[idx]
    if not ls.markers or _continues(doc, sents, idx):
        return False
    prev = sents[idx - 1] if idx else None
    if prev is None or prev.paragraph != ls.paragraph or not prev.markers:
        return True
    return not {n for m in ls.markers for n in m[2]} <= {n for m in prev.markers for n in m[2]}


def _share_citations(doc: Document, sents: list[LSentence]) -> None:
    """Pieces cut at "；" cite what their whole sentence (up to 。！？) cites (GUIDELINES 5)."""
    k = 0
    while k < len(sents):
        j = k
        while j + 1 < len(sents) and _continues(doc, sents, j + 1):
            j += 1
        if j > k:
            shared = [m for ls in sents[k : j + 1] for m in ls.markers]
            for ls in sents[k : j + 1]:
                ls.cite_markers = shared
        k = j + 1


def _study_lines(
    sents: list[LSentence], per_sentence: list[tuple[list[Item], list[Subject], str]], doc: Document
) -> list[LineName | None]:
    """Line each sentence inherits from its study: "first" when the nearest earlier sentence of the
    paragraph that still speaks of the same study describes untreated patients ("既往未接受系统治疗
    的患者随机接受…。…中位总生存期为…"). Other line words are not inherited: "一线" alone often
    names the line that failed before."""
    untreated = lx.compile_alt(lx.cues().untreated_population)
    out: list[LineName | None] = []
    carry: LineName | None = None  # what the next sentence inherits, carried forward: linear in sentences
    for idx, ls in enumerate(sents):
        if idx and sents[idx - 1].paragraph != ls.paragraph:
            carry = None
        text = per_sentence[idx][2]
        new_study = _cites_own_study(doc, sents, idx) or has_new_study(text)
        inherited = None if new_study else carry
        out.append(inherited)
        if untreated.search(text):
            carry = "first"
        elif ls.markers:
            carry = None  # the look-back stops at a sentence citing a study of its own
        else:
            carry = inherited
    return out


def _event(doc: Document, view: NormView, ls: LSentence, it: Item) -> str | None:
    """The named adverse event an AE rate is about, sliced as written ("anemia", "恶心呕吐")."""
    trig = it.trigger
    if it.code != lx.NAMED_EVENT or trig.text.casefold() not in lx.named_events():
        return None
    start, end = view.to_orig(ls.nstart + trig.start, ls.nstart + trig.end)
    return doc.text[start:end]


def _as_written(doc: Document, view: NormView, arm: Arm) -> str | None:
    """An arm's group words sliced from ``Document.text`` (安慰劑組 stays traditional)."""
    if arm.label is None or arm.words is None:
        return arm.label
    start, end = view.to_orig(*arm.words)
    return doc.text[start:end] or arm.label


def _shift(ent: Entity, start: int) -> Entity:
    """A copy of a TRIAL entity whose ``start``/``end`` are view offsets in the sentence."""
    return ent.model_copy(update={"start": start, "end": start + len(ent.text)})


def _to_records(
    doc: Document,
    view: NormView,
    drafts: list[tuple[int, Item, Arm, LSentence, int, str, list[Subject]]],
    sents: list[LSentence],
    references: list[Reference],
    hr_comparators: dict[tuple[int, int], Arm],
    definitions: list[dict[str, tuple[str | None, str | None]]],
    study_lines: list[LineName | None],
    doc_line: LineName | None = None,
    doc_trial: str | None = None,
    read: dict[int, SentenceContext] | None = None,
) -> list[Record]:
    """Records of the drafts; ``read`` holds sentence contexts read already (without values)."""
    rows = []
    contexts: dict[int, SentenceContext] = {}
    positions: dict[int, list[int]] = {}
    for idx, it, *_ in drafts:
        positions.setdefault(idx, []).append(it.tok.start)
    for idx, it, arm, ls, i, text, subs in drafts:
        if idx not in contexts:
            done = (read or {}).get(idx)
            contexts[idx] = replace(done, values=sorted(positions[idx])) if done is not None else \
                sentence_context(text, [(s.start, s.end) for s in subs if s.prior], positions[idx])
        ns, ne = ls.nstart + it.tok.num_start, ls.nstart + it.tok.num_end
        start, end = view.to_orig(ns, ne)
        rows.append((start, end, idx, it, arm, ls, i, text, subs))
    rows.sort(key=lambda r: (r[0], r[1]))
    ids = {(r[2], r[6]): f"r{k}" for k, r in enumerate(rows)}
    by_key = {(r[2], r[6]): r for r in rows}
    out: list[Record] = []
    for k, (start, end, idx, it, arm, ls, i, text, subs) in enumerate(rows):
        nums, dois = cite(ls, references)
        ctx = contexts[idx]
        line = (ctx.line_at(it.tok.start) if ctx.lines else study_lines[idx]) or doc_line
        population = ctx.population_at(it.tok.start, responders=it.code == "DOR")
        if arm.label and label_key(arm.label) in definitions[idx]:  # "A组ORR…" after "A组:一线…NSCLC"
            def_line, def_population = definitions[idx][label_key(arm.label)]
            line, population = line or def_line, population or def_population  # type: ignore[assignment]
        page, bbox = doc.locate(start, end)
        rec = Record(
            id=f"r{k}",
            endpoint=it.code,
            value=it.value,
            value_high=it.value_high,
            unit=it.unit,
            timepoint=it.timepoint,
            grade=it.grade,
            event=_event(doc, view, ls, it),
            arm=arm.drugs,
            arm_label=_as_written(doc, view, arm),
            # a value no sentence attributes takes the trial its abstract's title names
            trial=trial_for(sents, idx, it.tok.start, text) or (None if ls.trials else ls.heading_trial)
            or (doc_trial if not ls.markers and not has_new_study(text) else None),  # a cited study is another
            criterion=it.criterion,
            ci_low=it.ci[1] if it.ci else None,
            ci_high=it.ci[2] if it.ci else None,
            ci_level=it.ci[0] if it.ci else None,
            p_value=it.p[1] if it.p else None,
            p_operator=it.p[0] if it.p else None,  # type: ignore[arg-type]
            n=it.n,
            line=line,
            population=population,
            citations=nums,
            dois=dois,
            section=doc.section_at(start),
            sentence_start=ls.start,  # the sentence by offsets, never a copy per record
            sentence_end=ls.end,
            start=start,
            end=end,
            page=page,
            bbox=bbox,
            rule=it.rule,
        )
        if it.partner is not None and (idx, it.partner) in by_key:
            other = by_key[(idx, it.partner)]
            rec.comparator = other[4].drugs
            rec.comparator_label = _as_written(doc, view, other[4])
            rec.comparator_value = other[3].value
            rec.comparator_id = ids[(idx, it.partner)]
        elif (idx, i) in hr_comparators:
            rec.comparator = hr_comparators[(idx, i)].drugs
            rec.comparator_label = _as_written(doc, view, hr_comparators[(idx, i)])
        out.append(rec)
    return out
