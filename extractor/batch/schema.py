"""The SQLite schema of the evidence store and the migrations that build it.

``PRAGMA user_version`` holds the schema version (mirrored in the ``meta`` table
for humans and other tools). ``MIGRATIONS[i]`` takes a database from version
``i`` to ``i + 1``; opening a store applies the missing ones in order, each in
its own transaction, so an old store is upgraded in place and a store written by
a newer extractor is refused instead of being misread.

Version 1: documents, their paths, the full result, entities, records, references.
Version 3: records' ``sentence_start``/``sentence_end`` and ``article``/``article_title``.
Version 2: ``record_arms`` (one row per drug of a record's arm or comparator) so
"every mOS value of a drug" is an indexed join instead of a JSON scan; it is
backfilled from ``records.arm`` / ``records.comparator`` with JSON1.
"""

from __future__ import annotations

V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per distinct content (sha256 of the file's bytes), done or failed.
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    media_type TEXT,
    pages INTEGER,                -- PDF page count; NULL for text sources
    languages TEXT,               -- JSON list of sentence languages, e.g. ["en","zh"]
    n_entities INTEGER NOT NULL DEFAULT 0,
    n_records INTEGER NOT NULL DEFAULT 0,
    n_references INTEGER NOT NULL DEFAULT 0,
    error_type TEXT,              -- InputError, or the class of an unexpected exception
    error TEXT,                   -- one line: str(InputError) or "Type: message"
    extractor_version TEXT NOT NULL,
    result_schema_version TEXT,   -- DocumentResult.schema_version
    seconds REAL,                 -- worker time spent on the document
    processed_at TEXT NOT NULL    -- UTC ISO-8601
);
CREATE INDEX documents_status ON documents(status);

-- Every path seen with its current content; one content may have many paths.
-- sha256 is NULL when the file could not be read at all (missing, unsupported type).
CREATE TABLE document_paths (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    error TEXT,
    seen_at TEXT NOT NULL
);
CREATE INDEX document_paths_sha ON document_paths(sha256);

-- The whole DocumentResult, zlib-compressed JSON: exports it byte-for-byte.
CREATE TABLE results (
    sha256 TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    body BLOB NOT NULL
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    norm TEXT,
    attrs TEXT NOT NULL,          -- JSON object
    rule TEXT NOT NULL,
    section TEXT,
    page INTEGER,
    bbox TEXT                     -- JSON [x0, top, x1, bottom] or NULL
);
CREATE INDEX entities_sha ON entities(sha256);
CREATE INDEX entities_label_norm ON entities(label, norm COLLATE NOCASE);

-- Every Record field; list fields as JSON text.
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    record_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    value REAL NOT NULL,
    value_high REAL,
    unit TEXT,
    timepoint REAL,
    grade TEXT,
    arm TEXT NOT NULL,
    arm_label TEXT,
    comparator TEXT,
    comparator_label TEXT,
    comparator_value REAL,
    comparator_id TEXT,
    trial TEXT,
    criterion TEXT,
    ci_low REAL,
    ci_high REAL,
    ci_level REAL,
    p_value REAL,
    p_operator TEXT,
    n INTEGER,
    line TEXT,
    population TEXT,
    citations TEXT NOT NULL,
    dois TEXT NOT NULL,
    section TEXT,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    page INTEGER,
    bbox TEXT,
    rule TEXT NOT NULL
);
CREATE INDEX records_sha ON records(sha256);
CREATE INDEX records_trial ON records(trial COLLATE NOCASE);
CREATE INDEX records_endpoint ON records(endpoint COLLATE NOCASE);

CREATE TABLE doc_references (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    authors TEXT NOT NULL,
    title TEXT,
    journal TEXT,
    year INTEGER,
    volume TEXT,
    pages TEXT,
    doi TEXT,
    url TEXT,
    nct_ids TEXT NOT NULL
);
CREATE INDEX doc_references_sha ON doc_references(sha256);
CREATE INDEX doc_references_doi ON doc_references(doi);
"""

V2 = """
CREATE TABLE record_arms (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('arm', 'comparator')),
    drug TEXT NOT NULL
);
CREATE INDEX record_arms_drug ON record_arms(drug COLLATE NOCASE);
CREATE INDEX record_arms_record ON record_arms(record_id);
INSERT INTO record_arms (record_id, side, drug)
    SELECT records.id, 'arm', json_each.value FROM records, json_each(records.arm);
INSERT INTO record_arms (record_id, side, drug)
    SELECT records.id, 'comparator', json_each.value FROM records, json_each(records.comparator)
    WHERE records.comparator IS NOT NULL;
"""

# Result schema 2.0: a record points at its sentence (offsets into results.body's text;
# records.sentence stays '' for such records) and names its article of the file.
V3 = """
ALTER TABLE records ADD COLUMN sentence_start INTEGER;
ALTER TABLE records ADD COLUMN sentence_end INTEGER;
ALTER TABLE records ADD COLUMN article INTEGER;
ALTER TABLE records ADD COLUMN article_title TEXT;
"""

# MIGRATIONS[i] upgrades a store from version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (V1, V2, V3)
SCHEMA_VERSION = len(MIGRATIONS)
