-- newsgraph schema, version 1. Later changes go in new numbered files; never edit
-- a migration that has shipped.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- ------------------------------------------------------------------ documents
CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,          -- from content_hash
    source              TEXT NOT NULL,             -- path, URL, file.jsonl#12 ...
    raw_hash            TEXT NOT NULL,             -- sha256 of the raw bytes
    content_hash        TEXT NOT NULL UNIQUE,      -- sha256 of the normalised clean body
    title               TEXT,
    authors             TEXT NOT NULL DEFAULT '[]', -- JSON list
    published           TEXT,                      -- YYYY | YYYY-MM | YYYY-MM-DD
    published_precision TEXT,
    language            TEXT,
    site                TEXT,
    url                 TEXT,
    media_type          TEXT NOT NULL,
    extractor           TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL,
    blocks              TEXT NOT NULL DEFAULT '[]', -- JSON [[kind,start,end],...]
    offsets             TEXT NOT NULL DEFAULT '[]', -- JSON [[body_start,raw_start,length],...]
    raw_text            TEXT,                      -- decoded raw input, for the offsets
    previous_version    TEXT REFERENCES documents(id), -- same source, older content
    words               INTEGER NOT NULL DEFAULT 0,
    added_at            TEXT NOT NULL,
    seq                 INTEGER NOT NULL           -- insertion order, for deterministic listing
);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_published ON documents(published);
CREATE UNIQUE INDEX documents_seq ON documents(seq);

CREATE TABLE removed_blocks (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    position  INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end   INTEGER,
    PRIMARY KEY (doc_id, ord)
);

-- Every input seen, including failures, so a re-run can report and resume.
CREATE TABLE sources (
    source     TEXT PRIMARY KEY,
    raw_hash   TEXT,
    doc_id     TEXT REFERENCES documents(id),
    status     TEXT NOT NULL,    -- new | unchanged | updated | failed
    error      TEXT,
    seen_at    TEXT NOT NULL
);

-- Which stages have run for a document, so that a killed build resumes.
CREATE TABLE stage_done (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    stage  TEXT NOT NULL,        -- dedup | analyse
    at     TEXT NOT NULL,
    PRIMARY KEY (doc_id, stage)
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, body, content='documents', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;

-- ------------------------------------------------------------------ copies (dedup)
CREATE TABLE fingerprints (
    doc_id    TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    minhash   BLOB NOT NULL,      -- MinHash hash values (dedup.minhash), little-endian uint32
    embedding BLOB,               -- float32 document vector for rewrite/translation blocking
    sentences TEXT                -- JSON [[start,end],...] used for alignment
);

CREATE TABLE relations (
    a        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,      -- exact | near | contains | rewrite | translation
    score    REAL NOT NULL,
    aligned  TEXT NOT NULL DEFAULT '[]', -- JSON [[a_start,a_end,b_start,b_end,sim],...]
    a_only   TEXT NOT NULL DEFAULT '[]',
    b_only   TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (a, b)
);
CREATE INDEX relations_b ON relations(b);

CREATE TABLE stories (
    id        TEXT PRIMARY KEY,
    canonical TEXT NOT NULL REFERENCES documents(id),
    rule      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE story_members (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    doc_id   TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, doc_id)
);

-- ------------------------------------------------------------------ actors
CREATE TABLE actors (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    country     TEXT,
    sector      TEXT,
    wikidata    TEXT,
    description TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT 'kb'  -- kb | user | text
);
CREATE INDEX actors_name ON actors(name);

CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias);

CREATE TABLE actor_roles (
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    title    TEXT NOT NULL,
    country  TEXT NOT NULL,
    sector   TEXT NOT NULL,
    start    TEXT,
    end      TEXT
);
CREATE INDEX actor_roles_actor ON actor_roles(actor_id);

CREATE TABLE mentions (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    label    TEXT NOT NULL,
    actor_id TEXT,
    rule     TEXT NOT NULL,
    score    REAL NOT NULL,
    country  TEXT,
    sector   TEXT,
    PRIMARY KEY (doc_id, start, end)
);
CREATE INDEX mentions_actor ON mentions(actor_id);

-- User decisions that survive re-builds: merge A into B, or split an alias off.
CREATE TABLE actor_overrides (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    action   TEXT NOT NULL,       -- merge | split
    actor_id TEXT NOT NULL,
    other    TEXT NOT NULL,       -- merge: the actor merged in; split: the alias split off
    at       TEXT NOT NULL
);

-- ------------------------------------------------------------------ events
CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ord)
);

CREATE TABLE events (
    id               TEXT PRIMARY KEY,
    doc_id           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    story_key        TEXT,        -- events sharing (story, type, actors, date) count once
    type             TEXT NOT NULL,
    mode             TEXT,
    quad_class       TEXT NOT NULL,
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    date             TEXT,
    date_end         TEXT,
    date_precision   TEXT,
    date_text        TEXT,
    location         TEXT,
    location_country TEXT,
    negated          INTEGER NOT NULL DEFAULT 0,
    hypothetical     INTEGER NOT NULL DEFAULT 0,
    reported         INTEGER NOT NULL DEFAULT 0,
    historical       INTEGER NOT NULL DEFAULT 0,
    confidence       REAL NOT NULL,
    score            REAL NOT NULL DEFAULT 0,
    pattern          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_story_key ON events(story_key);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,       -- source | target
    ord      INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    PRIMARY KEY (event_id, role, ord)
);
CREATE INDEX event_actors_actor ON event_actors(actor_id);

CREATE TABLE quotes (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speaker      TEXT,
    speaker_text TEXT NOT NULL,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    cue          TEXT NOT NULL DEFAULT '',
    event_ids    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker);
