"""The map of newstrace: one line per stage, in order.

    ingest -> normalize -> store -> group -> segment -> label -> align -> entities -> checks -> view

Grouping reads only the stored texts, so only the articles of the stories being shown are labelled.
Steps 5-9 run per story (`analyse.story`), on several processes when asked (`jobs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import __version__, analyse, ingest, stories, view
from .settings import Settings
from .store import Store
from .types import Article, Skipped, Story

# Bump the suffix whenever segmentation or labelling changes, so stored results are recomputed.
ANALYZER = f"{__version__}+labels.6"

Progress = Callable[[Iterable, str], Iterable]


def _quiet(items: Iterable, _description: str) -> Iterable:
    return items


def analyze(paths: list[str], store: Store, settings: Settings, progress: Progress = _quiet,
            options: ingest.Options = ingest.Options(), jobs: int | None = 1) -> dict:
    """Read `paths`, store them, and report on every story their articles belong to."""
    ids, skipped = add(paths, store, progress, options)
    return report(store, ids, settings, skipped, progress, jobs)


def add(paths: list[str], store: Store, progress: Progress = _quiet,
        options: ingest.Options = ingest.Options()) -> tuple[list[str], list[Skipped]]:
    """Ingest: read, normalise and screen `paths` and store them as one batch (1-3)."""
    return ingest.run(paths, store, options, progress)


def report(store: Store, ids: list[str], settings: Settings, skipped: list[Skipped] = (),
           progress: Progress = _quiet, jobs: int | None = 1) -> dict:
    """The view of every story that contains one of `ids` (all stories when `ids` is None)."""
    everything = store.articles(held=False)
    grouped = _group(store, everything, settings)                                 # 4 group stories
    wanted = grouped if ids is None else [s for s in grouped if set(s.articles) & set(ids)]
    by_id = {a.id: a for a in everything}
    wanted = [stories.explain(s, _members(store, by_id, s)) for s in wanted]      # merge evidence
    return story_view(store, wanted, settings, list(skipped), progress, jobs)


def _members(store: Store, by_id: dict[str, Article], story: Story) -> list[Article]:
    """The story's articles, from those already read when all are there."""
    if all(i in by_id for i in story.articles):
        return [by_id[i] for i in story.articles]
    return store.articles(list(story.articles))


def _group(store: Store, everything: list[Article], settings: Settings) -> list[Story]:
    """Attach articles that are in no story yet (incremental); the stored stories otherwise."""
    store.replace_stories(stories.update(everything, store.stories(), settings))
    return store.stories()


def regroup(store: Store, settings: Settings) -> list[Story]:
    """Group every stored article again from scratch (on demand)."""
    store.replace_stories(stories.group(store.articles(held=False), settings))
    return store.stories()


def story_view(store: Store, wanted: list[Story], settings: Settings, skipped: list[Skipped],
               progress: Progress = _quiet, jobs: int | None = 1) -> dict:
    """Analyse each story (labels stored before are reused) and build the view of them all."""
    members = {a.id: a for a in store.articles([i for s in wanted for i in s.articles])}
    tasks = [analyse.Task(s, arts := [members[i] for i in s.articles], _cached(store, arts)) for s in wanted]
    analysis = view.Analysis(list(members.values()), {}, {}, wanted, skipped=skipped)
    for r in analyse.stories(tasks, settings, progress, jobs):                   # 5-9 per story
        for article_id in r.fresh:
            store.save_sentences(ANALYZER, r.sentences[article_id], r.labels[article_id])
        store.save_analysis(ANALYZER, r.story, r.alignment, r.entities, r.flags)
        analysis.sentences.update(r.sentences)
        analysis.labels.update(r.labels)
        analysis.alignments[r.story.id], analysis.entities[r.story.id], analysis.flags[r.story.id] = \
            r.alignment, r.entities, r.flags
    return view.build(analysis)                                                   # 10 view


def _cached(store: Store, articles: list[Article]) -> dict:
    """Sentences and labels stored by this version of the labeller, by article id."""
    return {a.id: found for a in articles if (found := store.sentences(a.id, ANALYZER))}


def show(store: Store, story_id: str, settings: Settings, progress: Progress = _quiet) -> dict:
    """The view of one stored story."""
    return story_view(store, [store.story(story_id)], settings, [], progress)


def listing(store: Store) -> list[dict]:
    """One row per stored story: id, versions, titles, outlets, dates."""
    articles = {a.id: a for a in store.articles()}
    rows = []
    for story in store.stories():
        members = [articles[i] for i in story.articles]
        rows.append({
            "id": story.id, "versions": len(members), "title": members[0].title,
            "outlets": sorted({a.outlet for a in members if a.outlet}),
            "published": sorted(a.published for a in members if a.published)[-1:] or None,
            "articles": list(story.articles),
        })
    return rows
