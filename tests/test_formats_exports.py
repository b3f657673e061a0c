"""`--format spacy` (DocBin) and `--format brat` (standoff), from `extract` and from `export`,
read back with spaCy and with a .ann parser written here from the BRAT format description."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from extractor.batch.rows import Outcome, prepare
from extractor.batch.store import Store
from extractor.cli import main
from extractor.formats import brat
from extractor.models import DocumentResult, Entity, Record, Sentence
from extractor.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
ZH_015 = ROOT / "corpus" / "real" / "zh_015.txt"
EN_001 = ROOT / "corpus" / "real" / "en_001.txt"


@pytest.fixture(scope="module")
def pdf_result(review_pdf_path: Path) -> DocumentResult:
    return extract(review_pdf_path)


@pytest.fixture(scope="module")
def results(pdf_result: DocumentResult) -> list[DocumentResult]:
    return [pdf_result, extract(ZH_015), extract(EN_001)]


@pytest.fixture(scope="module")
def store(results: list[DocumentResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "r.sqlite"
    with Store(path) as st:
        for res in results:
            st.write(Outcome(sha256=res.doc_id, ok=True, seconds=0.1, prepared=prepare(res)), [res.source])
    return path


def _load_docbin(path: Path) -> list[spacy.tokens.Doc]:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab))


def _assert_doc_matches(doc: spacy.tokens.Doc, res: DocumentResult) -> None:
    assert doc.text == res.text
    assert doc.user_data["doc_id"] == res.doc_id
    spans = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans["sc"]]
    assert spans == [(e.start, e.end, e.label, e.norm or "") for e in res.entities]
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert set(ents) <= {(e.start, e.end, e.label) for e in res.entities}
    # every mention left out of doc.ents lies inside one that is there (a drug in its regimen)
    for e in res.entities:
        assert any(s <= e.start and e.end <= t for s, t, _ in ents), e
    starts = {s.start for s in res.sentences}
    assert {t.idx for t in doc if t.is_sent_start} <= starts | {0}


# -- spaCy DocBin ---------------------------------------------------------------------------


def test_extract_writes_a_docbin_spacy_reads_back(tmp_path: Path, review_pdf_path: Path, pdf_result: DocumentResult) -> None:
    out = tmp_path / "review.spacy"
    assert main(["extract", str(review_pdf_path), "--format", "spacy", "-o", str(out)]) == 0
    (doc,) = _load_docbin(out)
    _assert_doc_matches(doc, pdf_result)
    assert len(doc.spans["sc"]) == 281 and ("Atezolizumab plus bevacizumab", "REGIMEN") in {(e.text, e.label_) for e in doc.ents}


def test_export_writes_one_doc_per_document(tmp_path: Path, store: Path, results: list[DocumentResult]) -> None:
    out = tmp_path / "all.spacy"
    assert main(["export", str(store), "--format", "spacy", "-o", str(out)]) == 0
    docs = {d.user_data["doc_id"]: d for d in _load_docbin(out)}
    assert set(docs) == {r.doc_id for r in results}
    for res in results:
        _assert_doc_matches(docs[res.doc_id], res)


def test_spacy_train_reads_the_docbin(tmp_path: Path) -> None:
    """`spacy init config` + `spacy train` (two steps) on the exported file, as a user would."""
    out = tmp_path / "t.spacy"
    assert main(["extract", str(ZH_015), "--format", "spacy", "-o", str(out)]) == 0
    cfg = tmp_path / "config.cfg"
    run = [sys.executable, "-m", "spacy"]
    subprocess.run([*run, "init", "config", "-l", "zh", "-p", "ner", str(cfg)], check=True, capture_output=True)
    proc = subprocess.run(
        [*run, "train", str(cfg), "--paths.train", str(out), "--paths.dev", str(out),
         "--training.max_steps", "2", "--training.eval_frequency", "2", "-o", str(tmp_path / "model")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    trained = spacy.load(tmp_path / "model" / "model-last")
    assert set(trained.get_pipe("ner").labels) == {"DRUG", "DRUG_CLASS", "REGIMEN", "TRIAL"} & {
        e.label_ for d in _load_docbin(out) for e in d.ents
    }


# -- BRAT standoff --------------------------------------------------------------------------


def parse_ann(text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    """A reader for the standoff lines this export writes (T, E, A, #), by id."""
    out: dict[str, dict] = {}  # type: ignore[type-arg]
    for line in text.splitlines():
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, surface = rest.split("\t")
            kind, offsets = head.split(" ", 1)
            frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            out[ident] = {"type": kind, "fragments": frags, "text": surface}
        elif ident.startswith("E"):
            parts = rest.split()
            kind, trigger = parts[0].split(":")
            out[ident] = {"type": kind, "trigger": trigger, "args": [tuple(p.split(":")) for p in parts[1:]]}
        elif ident.startswith("A"):
            name, target, value = rest.split()
            out[ident] = {"name": name, "target": target, "value": value}
        elif ident.startswith("#"):
            head, note = rest.split("\t")
            out[ident] = {"target": head.split()[1], "note": note}
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return out


def parse_conf(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if re.fullmatch(r"\[\w+\]", line):
            current = line.strip("[]")
            sections[current] = []
        elif line.strip():
            sections[current].append(line)
    return sections


def _check_brat(folder: Path, name: str, res: DocumentResult) -> dict[str, dict]:  # type: ignore[type-arg]
    txt = (folder / f"{name}.txt").read_bytes().decode("utf-8")
    assert txt == res.text
    ann = parse_ann((folder / f"{name}.ann").read_text(encoding="utf-8"))
    for item in ann.values():
        if "fragments" in item:
            assert " ".join(txt[s:e] for s, e in item["fragments"]) == item["text"]
    ents = [a for a in ann.values() if a.get("type") in brat.ENTITY_TYPES]
    assert [(a["type"], a["fragments"][0][0], a["fragments"][-1][1]) for a in ents] == [
        (e.label, e.start, e.end) for e in res.entities
    ]
    events = [(k, a) for k, a in ann.items() if k.startswith("E")]
    assert len(events) == len(res.records)
    by_offsets = {(e.start, e.end): e for e in res.entities}
    for (eid, event), rec in zip(events, res.records, strict=True):
        trigger = ann[event["trigger"]]
        assert trigger["type"] == "Result" and trigger["text"] == res.text[rec.start : rec.end]
        endpoint = [a["value"] for a in ann.values() if a.get("name") == "Endpoint" and a["target"] == eid]
        assert endpoint == [rec.endpoint]
        for role, target in event["args"]:
            arg = ann[target]
            ent = by_offsets[(arg["fragments"][0][0], arg["fragments"][-1][1])]
            if role == "Trial":
                assert arg["type"] == "TRIAL" and rec.trial in (ent.norm, ent.text)
            else:
                side = rec.arm if role.startswith("Arm") else rec.comparator or []
                assert arg["type"] in ("DRUG", "DRUG_CLASS", "REGIMEN")
                assert ent.norm in side or ent.norm == " + ".join(side)
    conf = parse_conf((folder / "annotation.conf").read_text(encoding="utf-8"))
    assert {a["type"] for a in ents} <= set(conf["entities"])
    declared_roles = {r.split(":")[0].rstrip("?*+") for r in conf["events"][0].split("\t")[1].split(", ")}
    used_roles = {re.sub(r"\d+$", "", role) for _, e in events for role, _ in e["args"]}
    assert used_roles <= declared_roles
    values = conf["attributes"][0].split("Value:")[1].split("|")
    assert {rec.endpoint for rec in res.records} <= set(values)
    return ann


def test_extract_writes_brat_the_parser_reads_back(tmp_path: Path, review_pdf_path: Path, pdf_result: DocumentResult) -> None:
    folder = tmp_path / "brat"
    assert main(["extract", str(review_pdf_path), "--format", "brat", "-o", str(folder)]) == 0
    ann = _check_brat(folder, "review_2col", pdf_result)
    # REFLECT: lenvatinib 13.6 vs sorafenib 12.3 -> an event with the trial, arm and comparator
    reflect = [
        e for k, e in ann.items()
        if k.startswith("E") and ann[e["trigger"]]["text"] == "13.6"
        and any(ann[t]["text"] == "REFLECT" for r, t in e["args"] if r == "Trial")
    ]  # fmt: skip
    assert len(reflect) == 1
    roles = {(r, ann[t]["text"]) for r, t in reflect[0]["args"]}
    assert {("Trial", "REFLECT"), ("Arm", "仑伐替尼"), ("Comparator", "索拉非尼")} <= roles
    notes = [a["note"] for a in ann.values() if "note" in a]
    assert "mOS 13.6 | unit: month | arm: lenvatinib | comparator: sorafenib | comparator_value: 12.3" in notes[1]


def test_export_writes_brat_per_document(tmp_path: Path, store: Path, results: list[DocumentResult]) -> None:
    folder = tmp_path / "brat"
    assert main(["export", str(store), "--format", "brat", "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["annotation.conf"] + [f"{n}.{x}" for n in ("review_2col", "zh_015", "en_001") for x in ("txt", "ann")]
    )
    for res in results:
        _check_brat(folder, Path(res.source).stem, res)


def test_export_filters_select_documents(tmp_path: Path, store: Path) -> None:
    folder = tmp_path / "brat"
    assert main(["export", str(store), "--format", "brat", "--trial", "REFLECT", "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.glob("*.ann")) == ["review_2col.ann"]


def test_a_mention_across_a_line_break_is_written_as_fragments(tmp_path: Path) -> None:
    text = "In CheckMate\n459, nivolumab mOS 16.4 months.\r\nEnd."
    start = text.index("CheckMate")
    end = text.index("459") + 3
    value = text.index("16.4")
    res = DocumentResult(
        doc_id="0" * 64, source="/x/line break.txt", media_type="text/plain", text=text,
        sentences=[Sentence(start=0, end=text.index("\r"), lang="en")],
        entities=[Entity(label="TRIAL", text=text[start:end], start=start, end=end, norm="CheckMate 459", rule="t"),
                  Entity(label="DRUG", text="nivolumab", start=text.index("nivolumab"), end=text.index("nivolumab") + 9,
                         norm="nivolumab", rule="d")],
        records=[Record(id="r0", endpoint="mOS", value=16.4, unit="month", arm=["nivolumab"], trial="CheckMate 459",
                        start=value, end=value + 4, rule="v")],
    )  # fmt: skip
    (ann_path,) = brat.write_dir([res], tmp_path)
    assert ann_path.name == "line_break.ann"
    ann = parse_ann(ann_path.read_text(encoding="utf-8"))
    assert ann["T1"] == {"type": "TRIAL", "fragments": [(3, 12), (13, 16)], "text": "CheckMate 459"}
    assert ann["E1"]["args"] == [("Trial", "T1"), ("Arm", "T2")]
    assert (tmp_path / "line_break.txt").read_bytes() == text.encode("utf-8")  # \r\n kept: offsets hold


def test_same_file_name_twice_gets_the_hash(tmp_path: Path) -> None:
    a = extract(ZH_015)
    b = a.model_copy(update={"doc_id": "ab" * 32, "source": "/elsewhere/zh_015.txt"})
    names = sorted(p.name for p in brat.write_dir([a, b], tmp_path))
    assert names == ["zh_015-abababab.ann", "zh_015.ann"]


@pytest.mark.parametrize("fmt", ["spacy", "brat"])
def test_file_formats_need_an_output(fmt: str, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(ZH_015), "--format", fmt]) == 2
    assert main(["export", str(store), "--format", fmt]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("give it with -o" in line for line in err)


def test_a_mention_inside_a_token_is_widened_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.formats import docbin

    text = "Xlenvatinibum was given."  # a hand-made mention that ends inside the token
    res = DocumentResult(doc_id="1" * 64, source="<t>", media_type="text/plain", text=text,
                         entities=[Entity(label="DRUG", text="lenvatinib", start=1, end=11, norm="lenvatinib", rule="t")])  # fmt: skip
    doc, widened = docbin.to_doc(res)
    assert widened == 1 and [(e.text, e.label_) for e in doc.ents] == [("Xlenvatinibum", "DRUG")]
    docbin.note_widened(docbin.write([res], tmp_path / "w.spacy"))
    assert "1 mention(s) did not fall on token boundaries" in capsys.readouterr().err
