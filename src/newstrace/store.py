"""The SQLite store: the only module that speaks SQL. Schema in `schema.sql`.

Every write is one transaction, so an interrupted run leaves the database as it was before it, and
articles are keyed by content hash, so reading the same file twice stores it once.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from . import codec
from .errors import NotFound, StoreError
from .types import Article, Flag, Entity, Label, Merge, Sentence, Skipped, Story, StoryAlignment

# Each migration: (version, name, SQL). Version 1 is the schema file itself.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", resources.files(__package__).joinpath("schema.sql").read_text()),
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
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))

    def _transaction(self):
        return _Transaction(self.db)

    # ---- ingest -------------------------------------------------------------------------------

    def save_batch(self, inputs: list[str], articles: list[Article], skipped: list[Skipped]) -> list[str]:
        """Store one ingest in one transaction; returns the ids of articles that were new."""
        new: list[str] = []
        with self._transaction():
            cur = self.db.execute(
                "INSERT INTO batches (started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs))
            )
            batch = cur.lastrowid
            for a in articles:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                    (a.id, a.title, a.body, a.url, a.outlet, a.published, a.language, a.fmt, batch),
                )
                if cur.rowcount:
                    new.append(a.id)
                self.db.execute(
                    "INSERT OR IGNORE INTO article_sources VALUES (?,?,?)", (a.id, a.source, batch)
                )
            self.db.executemany(
                "INSERT INTO skipped VALUES (?,?,?)", [(batch, s.source, s.reason) for s in skipped]
            )
        return new

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        """Articles by id (in the order given), or every article in ingest order."""
        rows = self.db.execute(
            "SELECT a.id, (SELECT source FROM article_sources s WHERE s.article = a.id"
            " ORDER BY batch, source LIMIT 1), title, body, url, outlet, published, language, fmt"
            " FROM articles a ORDER BY batch, rowid"
        ).fetchall()
        found = {row[0]: Article(*row) for row in rows}
        if ids is None:
            return list(found.values())
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no article with id {missing[0]} in {self.path}")
        return [found[i] for i in ids]

    def article_ids_for_sources(self, sources: list[str]) -> list[str]:
        marks = ",".join("?" * len(sources))
        rows = self.db.execute(
            f"SELECT DISTINCT article FROM article_sources WHERE source IN ({marks})", sources
        )
        return [r[0] for r in rows]

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


def _statements(sql: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
