-- newstrace database schema. The only SQL outside store.py's queries; migrations in store.MIGRATIONS
-- bring older databases up to this shape and are recorded in `migrations`.

CREATE TABLE IF NOT EXISTS migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- One row per distinct article text: the id is a hash of the normalised title and body.
CREATE TABLE IF NOT EXISTS articles (
    id         TEXT PRIMARY KEY,
    title      TEXT,
    body       TEXT NOT NULL,
    url        TEXT,
    outlet     TEXT,
    published  TEXT,
    language   TEXT,
    fmt        TEXT NOT NULL,
    batch      INTEGER NOT NULL REFERENCES batches(id)
);

-- Every place an article was read from (the same text may arrive from several files or feeds).
CREATE TABLE IF NOT EXISTS article_sources (
    article    TEXT NOT NULL REFERENCES articles(id),
    source     TEXT NOT NULL,
    batch      INTEGER NOT NULL REFERENCES batches(id),
    PRIMARY KEY (article, source)
);

CREATE TABLE IF NOT EXISTS batches (
    id         INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    inputs     TEXT NOT NULL          -- JSON list of the paths given
);

CREATE TABLE IF NOT EXISTS skipped (
    batch      INTEGER NOT NULL REFERENCES batches(id),
    source     TEXT NOT NULL,
    reason     TEXT NOT NULL
);

-- Sentences and their labels, as computed by the analyzer version in `analyzer`.
CREATE TABLE IF NOT EXISTS sentences (
    article    TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    headline   INTEGER NOT NULL,
    paragraph  INTEGER NOT NULL,
    continues  INTEGER,
    label      TEXT NOT NULL,         -- JSON of types.Label
    analyzer   TEXT NOT NULL,
    PRIMARY KEY (article, idx)
);

CREATE TABLE IF NOT EXISTS stories (
    id         TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS story_articles (
    story      TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article    TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (story, article)
);
CREATE UNIQUE INDEX IF NOT EXISTS story_of_article ON story_articles(article);

-- Why two articles were put together: the evidence a reader can check.
CREATE TABLE IF NOT EXISTS merges (
    story      TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    a          TEXT NOT NULL,
    b          TEXT NOT NULL,
    similarity REAL NOT NULL,
    method     TEXT NOT NULL,
    shared     TEXT NOT NULL          -- JSON list of shared quotes, entities and terms
);

-- The story-level analysis (alignment, core, entities, flags) as JSON, rebuilt when members change.
CREATE TABLE IF NOT EXISTS story_analysis (
    story      TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    members    TEXT NOT NULL,         -- JSON list of article ids the analysis was computed on
    alignment  TEXT NOT NULL,
    entities   TEXT NOT NULL,
    flags      TEXT NOT NULL,
    analyzer   TEXT NOT NULL
);
