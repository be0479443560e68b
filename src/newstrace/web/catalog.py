"""The web app's access to the database: report views of stories through `pipeline`, cached per
story membership, and new articles through the same ingest path as the CLI.

One connection per call (SQLite connections stay in their thread) and one lock around the pipeline, so
concurrent requests never label or regroup at the same time.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .. import pipeline
from ..errors import NotFound
from ..settings import Settings
from ..store import Store
from . import intake
from . import pages as pages_

PER_PAGE = 30
MAX_CACHED = 500  # story views kept in memory; a view is a few hundred kilobytes at most


class Catalog:
    def __init__(self, db: str | Path | None, settings: Settings):
        with Store(db) as store:  # opens (and migrates) once, so a bad path fails at start-up
            self.path = store.path
        self.settings = settings
        self.uploads = self.path.parent / "uploads"
        self._lock = threading.RLock()
        self._views: dict[tuple, dict] = {}

    def _view(self, store: Store, story) -> dict:
        key = (story.id, story.articles, pipeline.ANALYZER)
        if key not in self._views:
            self._views[key] = pipeline.show(store, story.id, self.settings)
            while len(self._views) > MAX_CACHED:
                self._views.pop(next(iter(self._views)))
        return self._views[key]

    def story(self, story_id: str) -> dict:
        """The report view of one story (an id or its first characters)."""
        with self._lock, Store(self.path) as store:
            return self._view(store, store.story(story_id))

    def article(self, article_id: str) -> dict:
        """The report view of the story that holds `article_id`."""
        with self._lock, Store(self.path) as store:
            story = next((s for s in store.stories() if article_id in s.articles), None)
            if story is None:
                raise NotFound(f"no article with id {article_id} in a story")
            return self._view(store, story)

    def rows(self, query: str = "", page: int = 1, per_page: int = PER_PAGE) -> dict:
        """One page of stories, newest first, keeping those whose text or entities match `query`.

        Only the stories shown are analysed; the search reads the entities stored by earlier analyses.
        """
        with self._lock, Store(self.path) as store:
            articles = store.articles()
            stories = {s.id: s for s in store.stories()}
            listed = self._listed(store, articles, stories, query)
            pages = max(1, -(-len(listed) // per_page))
            page = min(max(page, 1), pages)
            shown = listed[(page - 1) * per_page: page * per_page]
            rows = [pages_.story_row(r, self._view(store, stories[r["id"]])) for r in shown]
        grouped = {a for story in stories.values() for a in story.articles}
        return {"rows": rows, "total": len(listed), "page": page, "pages": pages,
                "ungrouped": sum(1 for a in articles if a.id not in grouped)}

    def _listed(self, store: Store, articles: list, stories: dict, query: str) -> list[dict]:
        """`pipeline.listing` rows matching `query`, newest first: by date, then by ingest order."""
        order = {a.id: n for n, a in enumerate(articles)}
        texts = {a.id: f"{a.title or ''}\n{a.body}\n{a.outlet or ''}" for a in articles}
        listed = [r for r in pipeline.listing(store)
                  if _matches(r, texts, lambda r=r: self._entities(store, stories[r["id"]]), query)]
        return sorted(listed, key=lambda r: (r["published"] or [""], max(order[a] for a in r["articles"])),
                      reverse=True)

    def _entities(self, store: Store, story) -> list[str]:
        """Entity names (canonical and as written): from the cached view, else the stored analysis."""
        view = self._views.get((story.id, story.articles, pipeline.ANALYZER))
        if view:
            return [name for e in view["entities"] for name in (e["canonical"], *(m["text"] for m in e["mentions"]))]
        stored = store.analysis(story, pipeline.ANALYZER)
        return [name for e in stored[1] for name in (e.canonical, *(m.text for m in e.mentions))] if stored else []

    def add(self, files: list[tuple[str, bytes]], pasted: dict | None) -> dict:
        """Ingest uploaded files and a pasted article, regroup, and say where each one landed."""
        paths = intake.save(self.uploads, files, pasted)
        with self._lock, Store(self.path) as store:
            ids, skipped = pipeline.add([str(p) for p in paths], store)
            view = pipeline.report(store, ids, self.settings, skipped) if ids else None
            self._views.clear()
        return intake.outcome(ids, skipped, view)

    def group(self) -> dict:
        """Label and group the stored articles that are in no story yet (stored by `newstrace ingest`)."""
        with self._lock, Store(self.path) as store:
            grouped = {a for story in store.stories() for a in story.articles}
            ids = [a.id for a in store.articles() if a.id not in grouped]
            view = pipeline.report(store, ids, self.settings) if ids else None
            self._views.clear()
        return intake.outcome(ids, [], view)


def _matches(row: dict, texts: dict, entities, query: str) -> bool:
    """Every word of `query` appears in a version's title, text or outlet, or in an entity's name."""
    words = query.lower().split()
    hay = "\n".join(texts[a] for a in row["articles"]).lower()
    if all(w in hay for w in words):
        return True
    hay += "\n" + "\n".join(entities()).lower()
    return all(w in hay for w in words)
