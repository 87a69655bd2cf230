-- Copies (dedup), version 2: what the copy finder needs to compare a new document with
-- old ones without reading or recomputing them.
ALTER TABLE fingerprints ADD COLUMN language TEXT;       -- as ingest set it, else detected
ALTER TABLE fingerprints ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fingerprints ADD COLUMN normal_hash TEXT;    -- hash of the normalised words: exact copies
ALTER TABLE fingerprints ADD COLUMN word_minhash BLOB;   -- MinHash of the set of words: re-wordings
CREATE INDEX fingerprints_normal_hash ON fingerprints(normal_hash);
CREATE INDEX story_members_story ON story_members(story_id);
