"""Run the analysis stages on in-memory versions of one story (no store), for tests and benches."""

from __future__ import annotations

from newstrace import align, attribution, checks, entities, normalize, segment
from newstrace.settings import DEFAULT
from newstrace.types import Draft, Story


def analyse(versions: list[dict], settings=DEFAULT):
    """versions: [{"title", "body", "outlet"?}] -> (articles, entities, flags)."""
    arts = [normalize.article(Draft(source=v.get("outlet") or f"v{k}", body=v["body"], title=v.get("title"),
                                    outlet=v.get("outlet") or f"version {k + 1}")) for k, v in enumerate(versions)]
    sentences = {a.id: segment.sentences(a) for a in arts}
    labels = {a.id: attribution.label(a, sentences[a.id]) for a in arts}
    found = entities.resolve(arts)
    via = next((e.canonical for e in found if e.type == "agency"), None)
    story = Story("case", tuple(a.id for a in arts))
    al = align.story(story, arts, sentences, labels, via, settings)
    return arts, found, checks.run(arts, sentences, labels, al, found, settings)
