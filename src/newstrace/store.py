"""The SQLite store: the only module that speaks SQL. Schema in `schema.sql`.

Every write is one transaction, so an interrupted run leaves the database as it was before it, and
articles are keyed by content hash, so reading the same file twice stores it once.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from . import codec
from .errors import NotFound, StoreError
from .types import Article, Flag, Origin, Entity, Label, Merge, Sentence, Skipped, Story, StoryAlignment

INGEST_SCHEMA = """
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE article_sources ADD COLUMN origin TEXT;   -- JSON of types.Origin: path, URL, feed, record
-- Stored articles that analysis leaves out (another language, a not-comparable extraction), and why.
CREATE TABLE IF NOT EXISTS held_back (
    article    TEXT PRIMARY KEY REFERENCES articles(id),
    reason     TEXT NOT NULL
);
-- An ingest being read. It becomes a row of `batches` when it is published, all at once.
CREATE TABLE IF NOT EXISTS ingests (
    id         INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    inputs     TEXT NOT NULL,         -- JSON list of the paths given
    pid        INTEGER                -- the process reading it
);
-- How far an ingest got in each input: items read, and whether the input is done.
CREATE TABLE IF NOT EXISTS ingest_inputs (
    ingest     INTEGER NOT NULL REFERENCES ingests(id) ON DELETE CASCADE,
    input      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    done       INTEGER NOT NULL,
    PRIMARY KEY (ingest, input)
);
-- What an ingest has read so far, in order: articles (id set) and skipped entries (id NULL).
CREATE TABLE IF NOT EXISTS staged (
    ingest     INTEGER NOT NULL REFERENCES ingests(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    source     TEXT NOT NULL,
    id         TEXT,
    title      TEXT,
    body       TEXT,
    url        TEXT,
    outlet     TEXT,
    published  TEXT,
    language   TEXT,
    fmt        TEXT,
    author     TEXT,
    origin     TEXT,
    reason     TEXT,                  -- why it was skipped, or why analysis leaves the article out
    PRIMARY KEY (ingest, seq)
)
"""

# Publishing a staged ingest as batch :batch (store.finish_batch), in order, inside one transaction.
_PUBLISH = (
    "INSERT OR IGNORE INTO articles (id, title, body, url, outlet, published, language, fmt, batch, author)"
    " SELECT id, title, body, url, outlet, published, language, fmt, :batch, author FROM staged"
    " WHERE ingest = :ingest AND id IS NOT NULL ORDER BY seq",
    "INSERT OR IGNORE INTO article_sources (article, source, batch, origin)"
    " SELECT id, source, :batch, origin FROM staged WHERE ingest = :ingest AND id IS NOT NULL ORDER BY seq",
    # held back only when new in this batch: a text already stored as analysable keeps its standing
    "INSERT OR IGNORE INTO held_back (article, reason) SELECT id, reason FROM staged WHERE ingest = :ingest"
    " AND reason IS NOT NULL AND id IN (SELECT id FROM articles WHERE batch = :batch) ORDER BY seq",
    "INSERT INTO skipped (batch, source, reason) SELECT :batch, source, reason FROM staged"
    " WHERE ingest = :ingest AND reason IS NOT NULL ORDER BY seq",
    "DELETE FROM ingests WHERE id = :ingest",
)
_ARTICLE = ("INSERT OR IGNORE INTO articles (id, title, body, url, outlet, published, language, fmt, batch,"
            " author) VALUES (?,?,?,?,?,?,?,?,?,?)")
_SOURCE = "INSERT OR IGNORE INTO article_sources (article, source, batch, origin) VALUES (?,?,?,?)"


def _schema_file() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text()


# Each migration: (version, name, SQL or a function returning it). Version 1 is the schema file,
# read only when a database needs it (nothing is read at import).
MIGRATIONS: list[tuple[int, str, str | Callable[[], str]]] = [
    (1, "initial schema", _schema_file),
    (2, "ingest: provenance, held-back articles, resumable batches", INGEST_SCHEMA),
]


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("newstrace")) / "newstrace.db"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode a commit survives a killed process either way; NORMAL skips an fsync per
            # commit (a power cut may lose the last commits, never consistency).
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.db.execute("SELECT version FROM migrations")}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            with self._transaction():
                for statement in _statements(sql() if callable(sql) else sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))

    def _transaction(self):
        return _Transaction(self.db)

    # ---- ingest -------------------------------------------------------------------------------
    # An ingest is read input by input into `staged` (many small transactions, so a killed run keeps its
    # work and `--resume` goes on from there) and published as one batch in one transaction by
    # `finish_batch`: readers of articles, article_sources and skipped never see half a batch.

    def begin_batch(self, inputs: list[str], resume: bool = False) -> tuple[int, dict[str, tuple[int, bool]]]:
        """A new ingest, or with `resume` the last interrupted one of the same inputs, with how far it got
        in each input ({input: (items read, done)}). Other ingests of dead processes are discarded."""
        given = json.dumps(inputs)
        with self._transaction():
            dead = [(i, given_then) for i, given_then, pid in self.db.execute(
                "SELECT id, inputs, pid FROM ingests ORDER BY id") if not _alive(pid, i)]
            again = [i for i, given_then in dead if given_then == given][-1:] if resume else []
            for ingest, _ in dead:
                if ingest not in again:
                    self.db.execute("DELETE FROM ingests WHERE id = ?", (ingest,))
            if again:
                ingest = again[0]
                self.db.execute("UPDATE ingests SET pid = ? WHERE id = ?", (os.getpid(), ingest))
            else:
                ingest = self.db.execute("INSERT INTO ingests (started_at, inputs, pid) VALUES (?, ?, ?)",
                                         (_now(), given, os.getpid())).lastrowid
            rows = self.db.execute("SELECT input, position, done FROM ingest_inputs WHERE ingest = ?", (ingest,))
            _READING.add(ingest)
            return ingest, {name: (position, bool(done)) for name, position, done in rows}

    def release(self, ingest: int) -> None:
        """This process no longer reads `ingest` (it finished, or failed and can be resumed)."""
        _READING.discard(ingest)

    def stage(self, ingest: int, progress: dict[str, tuple[int, bool]],
              items: list[tuple[Article, str | None] | Skipped]) -> None:
        """Keep `items` (articles with the reason analysis leaves them out, or skipped entries) and how far
        each input has been read ({input: (items read, done)}), in one transaction."""
        with self._transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM staged WHERE ingest = ?", (ingest,)).fetchone()[0]
            self.db.executemany(f"INSERT INTO staged VALUES ({','.join('?' * 14)})",
                                [_staged_row(ingest, seq + i, item) for i, item in enumerate(items, 1)])
            self.db.executemany("INSERT OR REPLACE INTO ingest_inputs VALUES (?, ?, ?, ?)",
                                [(ingest, name, at, int(done)) for name, (at, done) in progress.items()])

    def finish_batch(self, ingest: int) -> tuple[list[str], list[Skipped]]:
        """Publish a staged ingest as one batch, in one transaction; returns the ids of its analysable
        articles (in order, once each) and its skipped entries, with the articles analysis leaves out."""
        one = (ingest,)
        with self._transaction():
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM staged WHERE ingest = ? AND id IS NOT NULL AND reason IS NULL ORDER BY seq", one)]
            skipped = [Skipped(*r) for r in self.db.execute(
                "SELECT source, reason FROM staged WHERE ingest = ? AND reason IS NOT NULL ORDER BY seq", one)]
            batch = self.db.execute("INSERT INTO batches (started_at, inputs) SELECT started_at, inputs"
                                    " FROM ingests WHERE id = ?", one).lastrowid
            for statement in _PUBLISH:
                self.db.execute(statement, {"batch": batch, "ingest": ingest})
        self.release(ingest)
        return list(dict.fromkeys(ids)), skipped

    def save_batch(self, inputs: list[str], articles: list[Article], skipped: list[Skipped]) -> list[str]:
        """Store one ingest of ready articles in one transaction; returns the ids of those that were new."""
        new: list[str] = []
        with self._transaction():
            batch = self.db.execute("INSERT INTO batches (started_at, inputs) VALUES (?, ?)",
                                    (_now(), json.dumps(inputs))).lastrowid
            for a in articles:
                row = _staged_row(batch, 0, (a, None))
                if self.db.execute(_ARTICLE, (*row[3:11], batch, row[11])).rowcount:
                    new.append(a.id)
                self.db.execute(_SOURCE, (a.id, a.source, batch, row[12]))
            self.db.executemany("INSERT INTO skipped (batch, source, reason) VALUES (?, ?, ?)",
                                [(batch, s.source, s.reason) for s in skipped])
        return list(dict.fromkeys(new))

    def articles(self, ids: list[str] | None = None, held: bool = True) -> list[Article]:
        """Articles by id (in the order given), or every article in ingest order; `held=False` leaves out
        those that analysis does not take (see `held_back`)."""
        where = "" if held else " WHERE a.id NOT IN (SELECT article FROM held_back)"
        rows = self.db.execute(
            "SELECT a.id, s.source, a.title, a.body, a.url, a.outlet, a.published, a.language, a.fmt,"
            " a.author, s.origin FROM articles a JOIN article_sources s ON s.rowid = (SELECT rowid FROM"
            " article_sources WHERE article = a.id ORDER BY batch, source LIMIT 1)" + where +
            " ORDER BY a.batch, a.rowid"
        ).fetchall()
        found = {row[0]: Article(*row[:10], origin=_origin(row[10])) for row in rows}
        if ids is None:
            return list(found.values())
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no article with id {missing[0]} in {self.path}")
        return [found[i] for i in ids]

    def held_back(self) -> dict[str, str]:
        """{article id: why analysis leaves it out} for stored articles in another language or not comparable."""
        return dict(self.db.execute("SELECT article, reason FROM held_back ORDER BY rowid"))

    def sources(self, article: str) -> list[tuple[str, Origin | None]]:
        """Every place the article was read from, with its provenance, oldest first."""
        rows = self.db.execute(
            "SELECT source, origin FROM article_sources WHERE article = ? ORDER BY batch, source", (article,))
        return [(source, _origin(origin)) for source, origin in rows]

    def skipped(self) -> list[Skipped]:
        return [Skipped(*r) for r in self.db.execute("SELECT source, reason FROM skipped ORDER BY rowid")]

    # ---- sentences and labels -------------------------------------------------------------------

    def save_sentences(self, analyzer: str, sentences: list[Sentence], labels: list[Label]) -> None:
        by_key = {(lab.article, lab.index): lab for lab in labels}
        with self._transaction():
            for article in {s.article for s in sentences}:
                self.db.execute("DELETE FROM sentences WHERE article = ?", (article,))
            self.db.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (s.article, s.index, s.start, s.end, s.text, int(s.headline), s.paragraph,
                     s.continues, json.dumps(codec.dump(by_key[(s.article, s.index)])), analyzer)
                    for s in sentences
                ],
            )

    def sentences(self, article: str, analyzer: str) -> tuple[list[Sentence], list[Label]] | None:
        """The stored sentences and labels of one article, if computed by this analyzer version."""
        rows = self.db.execute(
            'SELECT article, idx, start, "end", text, headline, paragraph, continues, label, analyzer'
            " FROM sentences WHERE article = ? ORDER BY idx",
            (article,),
        ).fetchall()
        if not rows or any(r[9] != analyzer for r in rows):
            return None
        sentences = [Sentence(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7]) for r in rows]
        labels = [codec.load(Label, json.loads(r[8])) for r in rows]
        return sentences, labels

    # ---- stories -------------------------------------------------------------------------------

    def replace_stories(self, stories: list[Story]) -> None:
        """Make `stories` the grouping of their articles, in one transaction."""
        with self._transaction():
            for story in stories:
                marks = ",".join("?" * len(story.articles))
                old = [r[0] for r in self.db.execute(
                    f"SELECT DISTINCT story FROM story_articles WHERE article IN ({marks})", story.articles)]
                for sid in old:
                    self.db.execute("DELETE FROM stories WHERE id = ?", (sid,))
            for story in stories:
                self._insert_story(story)

    def _insert_story(self, story: Story) -> None:
        self.db.execute("INSERT OR REPLACE INTO stories VALUES (?, ?)", (story.id, _now()))
        self.db.executemany(
            "INSERT INTO story_articles VALUES (?, ?)", [(story.id, a) for a in story.articles]
        )
        self.db.executemany(
            "INSERT INTO merges VALUES (?,?,?,?,?,?)",
            [(story.id, m.a, m.b, m.similarity, m.method, json.dumps(list(m.shared))) for m in story.merges],
        )

    def stories(self) -> list[Story]:
        """Every stored story, in the ingest order of its first member; members in ingest order."""
        members: dict[str, list[str]] = {}
        for sid, article in self.db.execute(
            "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article"
            " ORDER BY a.batch, a.rowid"
        ):
            members.setdefault(sid, []).append(article)
        merges: dict[str, list[Merge]] = {}
        for sid, a, b, sim, method, shared in self.db.execute("SELECT * FROM merges ORDER BY rowid"):
            merges.setdefault(sid, []).append(Merge(a, b, sim, method, tuple(json.loads(shared))))
        return [Story(sid, tuple(ids), tuple(merges.get(sid, ()))) for sid, ids in members.items()]

    def story(self, story_id: str) -> Story:
        for story in self.stories():
            if story.id == story_id or story.id.startswith(story_id):
                return story
        raise NotFound(f"no story with id {story_id} in {self.path}")

    def save_analysis(self, analyzer: str, story: Story, alignment: StoryAlignment,
                      entities: list[Entity], flags: list[Flag]) -> None:
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO story_analysis VALUES (?,?,?,?,?,?)",
                (story.id, json.dumps(list(story.articles)), json.dumps(codec.dump(alignment)),
                 json.dumps(codec.dump(entities)), json.dumps(codec.dump(flags)), analyzer),
            )

    def analysis(self, story: Story, analyzer: str):
        """(alignment, entities, flags) if stored for exactly these members by this analyzer."""
        row = self.db.execute(
            "SELECT members, alignment, entities, flags, analyzer FROM story_analysis WHERE story = ?",
            (story.id,),
        ).fetchone()
        if not row or row[4] != analyzer or json.loads(row[0]) != list(story.articles):
            return None
        return (
            codec.load(StoryAlignment, json.loads(row[1])),
            codec.load(list[Entity], json.loads(row[2])),
            codec.load(list[Flag], json.loads(row[3])),
        )


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


# Ingests this process is reading now (another thread's ingest is not to be resumed or discarded).
_READING: set[int] = set()


def _alive(pid: int | None, ingest: int) -> bool:
    """Whether process `pid` still reads `ingest` (rather than having died or given up on it)."""
    if pid == os.getpid():
        return ingest in _READING
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _staged_row(ingest: int, seq: int, item) -> tuple:
    if isinstance(item, Skipped):
        return (ingest, seq, item.source) + (None,) * 10 + (item.reason,)
    a, reason = item
    origin = json.dumps(codec.dump(a.origin)) if a.origin else None
    return (ingest, seq, a.source, a.id, a.title, a.body, a.url, a.outlet, a.published, a.language, a.fmt,
            a.author, origin, reason)


def _origin(text: str | None) -> Origin | None:
    return codec.load(Origin, json.loads(text)) if text else None


def _statements(sql: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
