-- Copies (dedup), version 5: the candidate index lives in the store, so the copy finder
-- reads a few rows per new document instead of holding every document in memory.
-- These tables are also created on their own in a scratch database (in-memory runs of
-- the finder): no foreign keys here, and nothing but CREATE statements.
CREATE TABLE IF NOT EXISTS copy_docs (
    seq         INTEGER PRIMARY KEY,  -- documents.seq (the order documents were added)
    doc_id      TEXT NOT NULL UNIQUE,
    compared    INTEGER NOT NULL DEFAULT 0, -- 1 once compared with everything before it
    language    TEXT,
    normal_hash TEXT                  -- hash of the normalised words: exact copies
);
CREATE INDEX IF NOT EXISTS copy_docs_normal_hash ON copy_docs(normal_hash);
-- MinHash LSH buckets: one row per band of each document, key = hash of the band's
-- hash values, low bit = which MinHash (0 word shingles, 1 word set).
CREATE TABLE IF NOT EXISTS copy_bands (
    key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;
-- Opening vectors (float16) clustered by inverted-file cell, read a cell at a time.
CREATE TABLE IF NOT EXISTS copy_vectors (
    cell   INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (cell, seq)
) WITHOUT ROWID;
-- The cell centroids (float32 unit vectors), trained once; empty: one cell, exact search.
CREATE TABLE IF NOT EXISTS copy_cells (
    cell     INTEGER PRIMARY KEY,
    centroid BLOB NOT NULL
);
