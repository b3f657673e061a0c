"""Section stage: label title, abstracts, keywords, body headings, back matter, references.

Works line by line on the normalized view with markers from patterns/sections.json,
so full-width colons and radical look-alikes do not hide a label.

A file may hold several articles (an abstract book, a journal issue, a literature
export): ``find_articles`` cuts it where a new article begins, so that each one gets
its own sections (and the stages after them their own context). A new article begins
at an abstract marker when the article before it already had an abstract of that
language and some text after it, or at an abstract marker or an opening heading
("Introduction", "引言") after a reference list; it starts at its title block, the
short lines (title, authors, affiliations, banners) just above that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor import resources as res
from extractor.models import Section
from extractor.normalize import NormView

_MAX_HEADING_CHARS = 40
_FRONT_KINDS = ("abstract_zh", "keywords_zh", "abstract_en", "keywords_en", "front_labels")
# Numbered heading: "2.1 Title" (title ends at the line end or at the first space that is
# followed by running text, as in "2.1 基于靶向治疗的单药或联合方案 既往的...").
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]+([^\s.。,，:：;；][^\n]*)")
_MARKDOWN = re.compile(r"(#{1,6})[ \t]+(\S[^\n]*)")
_LIST_PREFIX = re.compile(r"(?:[-*•·▪●■][ \t]+|\*\*|#+[ \t]*)")
_ABSTRACTS = {"abstract_zh": "zh", "abstract_en": "en"}
# Marker lists that do not label a line's section kind (headings, abstract-book structure).
_NOT_LINE_KINDS = ("body_headings", "opening_headings", "structured_open", "structured_close", "abstract_openings")
# An article needs this much text after its abstract marker before the same marker can
# start the next one (a one-line "Abstract" banner above the real abstract does not).
_MIN_ARTICLE_CHARS = 200
# The title block above a new article's first marker: at most this many lines, none of
# them prose (a long line ending a sentence belongs to the article before).
_MAX_HEAD_LINES = 8
_PROSE_CHARS = 200
_SENTENCE_ENDS = ".。!?！？"
# Lines after a "References" heading within which an entry (or prose, which disowns it) shows.
_LOOK_AFTER_REFERENCES = 6
# A reference entry line ("[12] ...", "12. Author") or a line that carries a citation's parts.
_REFERENCE_LINE = re.compile(
    r"^(?:[-*][ \t]+)?(?:\[\d{1,4}\]|\d{1,4}\.[ \t])|\[(?:J|M|C|D|R|EB/OL|J/OL)\]|\bdoi\b|\bet al\b|"
    r"(?:19|20)\d\d[;,]\s*\d+", re.I
)


@dataclass(frozen=True)
class _Line:
    start: int  # offsets into the normalized view
    end: int
    text: str


@cache
def _markers() -> dict[str, re.Pattern[str]]:
    data = res.read_json("sections.json")
    out: dict[str, re.Pattern[str]] = {}
    for kind, words in data.items():
        if kind.startswith("_") or kind in ("title_unfinished_ends", "summary_blocks", "quantity_words"):
            continue
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        if kind in ("structured_open", "structured_close"):
            out[kind] = re.compile(rf"(?:{alt})[ \t]*(?::|$)")
        elif kind == "abstract_openings":
            out[kind] = re.compile(rf"(?:{alt})(?=[ \t:：]|$)")
        elif kind in ("body_headings", "opening_headings"):
            out[kind] = re.compile(rf"(?:\d{{1,2}}\.?[ \t]+)?(?:{alt})[ \t]*:?[ \t]*$", re.I)
        else:
            # a label in its own brackets ("【摘要】 目的 …", "[关键词] 胃癌") needs no colon after it
            closed = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w[-1] in "]】")
            out[kind] = re.compile(rf"(?:{alt})[ \t]*(?::|$)" + (rf"|(?:{closed})" if closed else ""))
    return out


def _summary_after(lines: list[_Line], heading: int | None) -> bool:
    """The line after abstract heading ``heading`` opens a lay summary ("Simple Summary"): the next
    abstract heading is the same article's abstract proper."""
    if heading is None or heading + 1 >= len(lines):
        return False
    return lines[heading + 1].text.strip().rstrip(":：") in _summary_blocks()


@cache
def _summary_blocks() -> frozenset[str]:
    return frozenset(res.read_json("sections.json")["summary_blocks"])


@cache
def _unfinished_ends() -> tuple[str, ...]:
    return tuple(res.read_json("sections.json")["title_unfinished_ends"])


@cache
def _quantity_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in res.read_json("sections.json")["quantity_words"])


def _lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def _kind(line: _Line) -> str | None:
    body = _LIST_PREFIX.sub("", line.text, count=1) if _LIST_PREFIX.match(line.text) else line.text
    for kind, pat in _markers().items():
        if kind not in _NOT_LINE_KINDS and pat.match(body):
            return kind
    return None


def _opens_a_list(lines: list[_Line], i: int) -> bool:
    """Whether the "References" line at ``i`` heads a reference list. A page's counters
    ("191 / Citations / 6 / References / 2023 / Year" above an abstract) are followed by prose
    before any entry: that word is no heading, and the article goes on."""
    for ln in lines[i + 1 : i + 1 + _LOOK_AFTER_REFERENCES]:
        if _REFERENCE_LINE.search(ln.text):
            return True
        if len(ln.text) >= _PROSE_CHARS:
            return False
    return True


_TRAILING_PROSE = 800  # characters of prose lines before a keywords line with no abstract above it


def _trailing_keywords(lines: list[_Line], kinds: list[str | None]) -> set[int]:
    """Keywords lines under a page's text with no abstract label above them ("… Keywords: FLAURA;
    Osimertinib" closing a congress report): metadata of the page, not the end of front matter.
    One pass."""
    out: set[int] = set()
    prose = 0
    for i, (ln, kind) in enumerate(zip(lines, kinds)):
        if kind in _ABSTRACTS:
            break
        if kind in ("keywords_zh", "keywords_en") and prose >= _TRAILING_PROSE:
            out.add(i)
        if len(ln.text) >= _PROSE_CHARS:
            prose += len(ln.text)
    return out


def find_sections(view: NormView) -> list[Section]:
    """Sections in document order, outer before inner, offsets into the original text."""
    lines = _lines(view.text)
    kinds = [_kind(ln) for ln in lines]
    refs_idx = next((i for i, k in enumerate(kinds) if k == "references" and _opens_a_list(lines, i)), len(lines))
    trailing = _trailing_keywords(lines, kinds)
    front_idx = [i for i in range(refs_idx) if kinds[i] in _FRONT_KINDS and i not in trailing]
    body_first = front_idx[-1] + 1 if front_idx else 0
    # Back matter is the article's tail: a marker with the opening of a structured abstract after
    # it ("收稿日期" among a web page's front lines, then "目的: …") is a front note.
    opens, glued = _markers()["structured_open"], _markers()["abstract_openings"]
    last_open = max((i for i in range(body_first, refs_idx) if opens.match(lines[i].text) or glued.match(lines[i].text)),
                    default=-1)
    # and a marker with no sentence above it ("收稿日期: 2023-02-03" under a web page's title, the
    # abstract's paragraphs after it with no heading) closes no article: there is none above it
    first_prose = next((i + 1 for i in range(body_first, refs_idx) if (end := lines[i].text.rstrip()[-1:]) and end in _SENTENCE_ENDS
                        or len(lines[i].text) >= _PROSE_CHARS), refs_idx)
    back_idx = next(
        (i for i in range(max(body_first, last_open + 1, first_prose), refs_idx) if kinds[i] == "back_matter"),
        refs_idx,
    )
    n = len(view.text)

    def at(i: int) -> int:
        return lines[i].start if i < len(lines) else n

    spans: list[tuple[str, int, int, str | None, int | None]] = []
    if body_first > 0:
        spans.append(("front_matter", 0, at(body_first), None, None))
        spans.extend(_front_parts(lines[:body_first], kinds[:body_first], at(body_first)))
    if body_first < back_idx:
        spans.append(("body", at(body_first), at(back_idx), None, None))
        spans.extend(_headings(lines[body_first:back_idx]))
    if back_idx < refs_idx:
        spans.append(("back_matter", at(back_idx), at(refs_idx), None, None))
    if refs_idx < len(lines):
        end_idx = next(
            (i for i in range(refs_idx + 1, len(lines)) if kinds[i] == "back_matter"), len(lines)
        )
        spans.append(("references", at(refs_idx), at(end_idx), None, None))
        if end_idx < len(lines):
            spans.append(("back_matter", at(end_idx), n, None, None))

    sections = []
    for kind, s, e, title, level in spans:
        os_, oe = view.to_orig(s, e) if e > s else (view.to_orig(s, s)[0],) * 2
        sections.append(Section(kind=kind, title=title, level=level, start=os_, end=oe))  # type: ignore[arg-type]
    return sections


def _front_parts(
    lines: list[_Line], kinds: list[str | None], front_end: int | None = None
) -> list[tuple[str, int, int, str | None, int | None]]:
    out: list[tuple[str, int, int, str | None, int | None]] = []
    seen_title = {"zh": False, "en": False}
    inside = -1  # end of the abstract being read
    for i, (ln, kind) in enumerate(zip(lines, kinds, strict=True)):
        if ln.start < inside:
            continue
        opened = _structured(ln) if kind is None else None
        if opened is not None and opened[0] == "open":
            # "Background: … Results: … Conclusion: …" then "Keywords:" with no "Abstract" line: the
            # structured labels open the abstract, which runs to the next marked line
            nxt = next((j for j in range(i + 1, len(lines)) if kinds[j] is not None), None)
            end = lines[nxt - 1].end if nxt is not None else (lines[-1].end if front_end is None else front_end)
            out.append((f"abstract_{opened[1]}", ln.start, max(ln.end, end), None, None))
            inside = max(ln.end, end)
            continue
        if kind in ("abstract_zh", "abstract_en"):
            # a multi-line abstract ("摘要:" then 目的/方法/结果 lines) runs to the next marked line
            nxt = next((j for j in range(i + 1, len(lines)) if kinds[j] is not None), None)
            end = lines[nxt - 1].end if nxt is not None else (lines[-1].end if front_end is None else front_end)
            out.append((kind, ln.start, max(ln.end, end), None, None))
            continue
        if kind in ("keywords_zh", "keywords_en"):
            out.append((kind, ln.start, ln.end, None, None))
            continue
        letters = sum(1 for c in ln.text if c.isalpha())
        if kind is not None or letters < 6 or ln.text[0].isdigit() or "@" in ln.text:
            continue
        if _markers()["front_labels"].search(ln.text):
            continue  # "· 综述 · DOI: 10.12449/..." is a banner, not a title
        lang = "zh" if _cjk_share(ln.text) > 0.5 else "en"
        # A title is the first plain line of its language that is not a sentence.
        if not seen_title[lang] and not ln.text.endswith((".", "。", ")")) and len(ln.text) <= 200:
            seen_title[lang] = True
            out.append(("title", ln.start, ln.end, ln.text, None))
    return out


def _headings(lines: list[_Line]) -> list[tuple[str, int, int, str | None, int | None]]:
    out: list[tuple[str, int, int, str | None, int | None]] = []
    for ln in lines:
        m = _MARKDOWN.match(ln.text)
        if m:
            out.append(("heading", ln.start, ln.end, m.group(2).strip(), len(m.group(1))))
            continue
        m = _NUMBERED.match(ln.text)
        if _markers()["body_headings"].match(ln.text):
            title = (m.group(2) if m else ln.text).rstrip(":").strip()
            level = m.group(1).count(".") + 1 if m else 1
            out.append(("heading", ln.start, ln.end, title, level))
            continue
        if not m:
            continue
        rest = m.group(2)
        cut = rest.find(" ")
        title = rest if cut < 0 else rest[:cut]
        if len(title) > _MAX_HEADING_CHARS or title.endswith(("。", ".", ",", ";")):
            continue
        if cut >= 0 and title.endswith(_unfinished_ends()):
            continue  # "1. 斯鲁利单抗组的 中位总生存期为…": a list item's sentence, cut at a space
        if cut >= 0 and _cjk_share(rest) < 0.5 and rest.rstrip().endswith(".") and rest.count(" ") >= 6:
            continue  # "4. Overall survival in the entire population was 23.4 months …).": a list item's sentence
        if cut >= 0 and title.casefold() in _quantity_words():
            continue  # "12 months PFS was 32%": a quantity opens a sentence (a bare "8.4 months" line stays out)
        if cut < 0 and len(rest) > _MAX_HEADING_CHARS:
            continue
        end = ln.start + m.start(2) + len(title)
        out.append(("heading", ln.start, end, title, m.group(1).count(".") + 1))
    return out


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u4e00" <= c <= "\u9fff") / len(letters)


def find_articles(view: NormView) -> list[tuple[int, int]]:
    """The articles of the file as (start, end) offsets into the original text, in order.

    One span covering the whole text when the file holds one article.
    """
    lines = _lines(view.text)
    kinds = [_kind(ln) for ln in lines]
    starts = [0]
    seen: set[str] = set()  # abstract languages of the current article
    last_abstract: int | None = None
    in_refs = False
    closed: set[str] = set()  # languages whose structured abstract reached its last label
    for i, kind in enumerate(kinds):
        opening = kind is None and _is_opening_heading(lines[i])
        label = _structured(lines[i]) if kind is None else None
        new = False
        if label is not None and label[0] == "open" and label[1] in closed:
            new = True  # Background … Conclusions, then Background again: the next abstract
        elif kind in _ABSTRACTS:
            lang = _abstract_lang(view.text, lines[i])
            after = lines[i].start - lines[last_abstract].end if last_abstract is not None else 0
            # "Summary" right above "Introduction": a page's section tab over the same article's body
            tab = i + 1 < len(lines) and _is_opening_heading(lines[i + 1]) and _structured(lines[i + 1]) is None
            new = (lang in seen and after >= _MIN_ARTICLE_CHARS and not _summary_after(lines, last_abstract)
                   and not tab) or in_refs
        elif opening and in_refs:
            new = True
        if new:
            first = _head_start(lines, kinds, i, starts[-1])
            if first > starts[-1]:
                starts.append(first)
            seen, in_refs, closed = set(), False, set()
        if label is not None and label[0] == "close":
            closed.add(label[1])
        elif kind in ("keywords_zh", "keywords_en"):
            closed = set()  # keywords end an abstract: a "Background" after them opens the body
        if kind in _ABSTRACTS:
            seen.add(_abstract_lang(view.text, lines[i]))
            last_abstract = i
        elif kind == "references":
            in_refs = True
    n = len(view.text)
    bounds = [0 if k == 0 else lines[i].start for k, i in enumerate(starts)] + [n]
    return [(view.to_orig(a, a)[0], view.to_orig(b, b)[0]) for a, b in zip(bounds, bounds[1:])]


def _is_opening_heading(line: _Line) -> bool:
    """'Introduction', '1 引言', '# Background': the first heading of an article's body."""
    text = _MARKDOWN.sub(r"\2", line.text) if _MARKDOWN.match(line.text) else line.text
    return bool(_markers()["opening_headings"].match(text))


def _head_start(lines: list[_Line], kinds: list[str | None], i: int, floor: int) -> int:
    """Index of the first line of the title block above line ``i`` (never at or before ``floor``)."""
    j = i
    while j - 1 > floor and i - (j - 1) <= _MAX_HEAD_LINES:
        ln = lines[j - 1]
        if kinds[j - 1] is not None and kinds[j - 1] != "front_labels":
            break  # keywords, references, back matter: the end of the article before
        if len(ln.text) > _PROSE_CHARS and not _author_list(ln.text):
            break
        if _REFERENCE_LINE.search(ln.text) or _structured(ln) is not None:
            break
        j -= 1
    return j


def _author_list(text: str) -> bool:
    """A long line of names ("Gabriel N. Hortobagyi, Salomon M. Stemmer, …"), not prose."""
    names = [t.strip() for t in re.split(r"[,，、;]", text)]
    return len(names) >= 4 and sum(len(t) for t in names) / len(names) <= 30 and "。" not in text


def _abstract_lang(text: str, marker: _Line) -> str:
    """Language of the abstract a marker opens, read from its text: web pages label a
    Chinese abstract "Abstract" as often as "摘要"."""
    return "zh" if _cjk_share(text[marker.start : marker.start + 300]) > 0.3 else "en"


def _structured(line: _Line) -> tuple[str, str] | None:
    """("open" | "close", language) when the line starts with a structured-abstract label."""
    for side in ("open", "close"):
        m = _markers()[f"structured_{side}"].match(line.text)
        if m:
            return side, "zh" if _cjk_share(m.group(0)) > 0.5 else "en"
    return None
