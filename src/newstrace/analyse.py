"""Analyse stories one at a time: label their articles, resolve entities, align, run the checks.

    analyse.stories(tasks, settings, progress, jobs) -> Result per task, in the order of `tasks`

A story needs nothing from another story, so with `jobs` > 1 and enough work the stories go to
worker processes (each loads spaCy once and keeps its own parse cache, which serves the later stages
of the same story). Articles labelled before (`Task.cached`) are not labelled again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from . import align, attribution, checks, entities, segment
from .settings import Settings
from .types import Article, Entity, Flag, Label, Sentence, Story, StoryAlignment

MIN_PARALLEL = 24  # articles to label before worker processes pay for their start (~2 s each)

Labelled = tuple[list[Sentence], list[Label]]


@dataclass(frozen=True)
class Task:
    story: Story
    articles: list[Article]
    cached: dict[str, Labelled] = field(default_factory=dict)

    @property
    def work(self) -> int:
        return len(self.articles) - len(self.cached)


@dataclass(frozen=True)
class Result:
    story: Story
    sentences: dict[str, list[Sentence]]
    labels: dict[str, list[Label]]
    fresh: tuple[str, ...]  # the articles labelled now (not cached)
    alignment: StoryAlignment
    entities: list[Entity]
    flags: list[Flag]


def stories(tasks: list[Task], settings: Settings, progress: Callable[[Iterable, str], Iterable],
            jobs: int | None = 1) -> Iterator[Result]:
    """The analysis of each task, in order; on up to `jobs` processes (None: one per core) when there
    is enough to do."""
    work = partial(story, settings=settings)
    workers = min(jobs or _cores(), len(tasks), _cores())
    if workers < 2 or sum(t.work for t in tasks) < MIN_PARALLEL:
        yield from map(work, progress(tasks, "analysing stories"))
        return
    context = multiprocessing.get_context("spawn")  # no inherited threads or locks
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        biggest_first = sorted(range(len(tasks)), key=lambda k: -tasks[k].work)
        futures = {k: pool.submit(work, tasks[k]) for k in biggest_first}
        done = {k: futures[k].result() for k in progress(biggest_first, "analysing stories")}
    yield from (done[k] for k in range(len(tasks)))


def _cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def story(task: Task, settings: Settings) -> Result:
    """Steps 5-9 for one story."""
    sentences, labels = {}, {}
    for a in task.articles:
        if a.id in task.cached:
            sentences[a.id], labels[a.id] = task.cached[a.id]
        else:
            sentences[a.id] = segment.sentences(a)                                    # 5 segment
            labels[a.id] = attribution.label(a, sentences[a.id])                       # 6 label
    found = entities.resolve(task.articles)                                           # 7 entities
    al = align.story(task.story, task.articles, sentences, labels, _via(found), settings)  # 8 align, core
    flags = checks.run(task.articles, sentences, labels, al, found, settings)         # 9 checks
    fresh = tuple(a.id for a in task.articles if a.id not in task.cached)
    return Result(task.story, sentences, labels, fresh, al, found, flags)


def _via(found: list[Entity]) -> str | None:
    """The agency the versions credit: the most mentioned agency entity of the story."""
    agencies = sorted((e for e in found if e.type == "agency"), key=lambda e: -len(e.mentions))
    return agencies[0].canonical if agencies else None
