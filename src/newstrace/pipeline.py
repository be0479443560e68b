"""The map of newstrace: one line per stage, in order.

    ingest -> normalize -> store -> group -> segment -> label -> align -> entities -> checks -> view

Grouping reads only the stored texts, so only the articles of the stories being shown are labelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import __version__, align, attribution, checks, entities, ingest, segment, stories, view
from .settings import Settings
from .store import Store
from .types import Article, Skipped, Story

# Bump the suffix whenever segmentation or labelling changes, so stored results are recomputed.
ANALYZER = f"{__version__}+labels.5"

Progress = Callable[[Iterable, str], Iterable]


def _quiet(items: Iterable, _description: str) -> Iterable:
    return items


def analyze(paths: list[str], store: Store, settings: Settings, progress: Progress = _quiet,
            options: ingest.Options = ingest.Options()) -> dict:
    """Read `paths`, store them, and report on every story their articles belong to."""
    ids, skipped = add(paths, store, progress, options)
    return report(store, ids, settings, skipped, progress)


def add(paths: list[str], store: Store, progress: Progress = _quiet,
        options: ingest.Options = ingest.Options()) -> tuple[list[str], list[Skipped]]:
    """Ingest: read, normalise and screen `paths` and store them as one batch (1-3)."""
    return ingest.run(paths, store, options, progress)


def report(store: Store, ids: list[str], settings: Settings, skipped: list[Skipped] = (),
           progress: Progress = _quiet) -> dict:
    """The view of every story that contains one of `ids` (all stories when `ids` is None)."""
    everything = store.articles(held=False)
    grouped = _group(store, everything, settings)                                 # 4 group stories
    wanted = grouped if ids is None else [s for s in grouped if set(s.articles) & set(ids)]
    by_id = {a.id: a for a in everything}
    shown = {i: by_id[i] for s in wanted for i in s.articles if i in by_id}
    sentences, labels = _label(store, list(shown.values()), progress)             # 5-6 segment, label
    wanted = [stories.explain(s, _members(store, by_id, s)) for s in wanted]      # merge evidence
    return story_view(store, wanted, sentences, labels, settings, list(skipped))


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


def story_view(store: Store, wanted: list[Story], sentences, labels, settings: Settings,
               skipped: list[Skipped]) -> dict:
    members = {a.id: a for a in store.articles([i for s in wanted for i in s.articles])}
    analysis = view.Analysis(list(members.values()), sentences, labels, wanted, skipped=skipped)
    for story in wanted:
        arts = [members[i] for i in story.articles]
        found = entities.resolve(arts)                                            # 7 entities
        al = align.story(story, arts, sentences, labels, _via(found), settings)   # 8 align, core
        flags = checks.run(arts, sentences, labels, al, found, settings)          # 9 checks
        store.save_analysis(ANALYZER, story, al, found, flags)
        analysis.alignments[story.id], analysis.entities[story.id], analysis.flags[story.id] = al, found, flags
    return view.build(analysis)                                                   # 10 view


def _label(store: Store, articles: list[Article], progress: Progress):
    sentences, labels = {}, {}
    todo = []
    for a in articles:
        cached = store.sentences(a.id, ANALYZER)
        if cached:
            sentences[a.id], labels[a.id] = cached
        else:
            todo.append(a)
    for a in progress(todo, "labelling"):
        sentences[a.id] = segment.sentences(a)
        labels[a.id] = attribution.label(a, sentences[a.id])
        store.save_sentences(ANALYZER, sentences[a.id], labels[a.id])
    return sentences, labels


def _via(found) -> str | None:
    """The agency the versions credit: the most mentioned agency entity of the story."""
    agencies = sorted((e for e in found if e.type == "agency"), key=lambda e: -len(e.mentions))
    return agencies[0].canonical if agencies else None


def show(store: Store, story_id: str, settings: Settings, progress: Progress = _quiet) -> dict:
    """The view of one stored story."""
    story = store.story(story_id)
    arts = store.articles(list(story.articles))
    sentences, labels = _label(store, arts, progress)
    return story_view(store, [story], sentences, labels, settings, [])


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
