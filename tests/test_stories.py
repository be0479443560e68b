"""Story grouping: data-driven cases (tests/stories_cases/*.json), the bundled example, evidence,
and incremental grouping against grouping everything again."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newstrace import ingest, normalize, stories
from newstrace.settings import DEFAULT
from newstrace.store import Store
from newstrace.types import Article, Draft, Merge, Story

CASES = sorted((Path(__file__).parent / "stories_cases").glob("*.json"))
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _articles(case: dict) -> list[Article]:
    return [Article(a["id"], a["id"], a.get("title"), a["body"], outlet=a.get("outlet"),
                    published=a.get("published")) for a in case["articles"]]


def _partition(found) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in found}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = json.loads(path.read_text())
    found = stories.group(_articles(case), DEFAULT)
    assert _partition(found) == {frozenset(s) for s in case["stories"]}, case["description"]
    if "methods" in case:
        assert sorted(m.method for s in found for m in s.merges) == sorted(case["methods"])


def test_bundled_example_groups_the_storm_versions_only():
    batch = ingest.read([str(EXAMPLES)])
    arts = [normalize.article(d) for d in batch.drafts]
    found = stories.group(arts, DEFAULT)
    sources = [sorted(Path(a.source).parent.name for a in arts if a.id in s.articles) for s in found]
    assert sorted(sources) == [["other"], ["other"], ["other"], ["storm"] * 4]


def test_every_merge_names_what_the_articles_share():
    case = json.loads((CASES[0].parent / "rewrite_vs_unrelated.json").read_text())
    story = next(s for s in stories.group(_articles(case), DEFAULT) if len(s.articles) == 2)
    (merge,) = story.merges
    assert merge.method == "content" and 0.2 <= merge.similarity <= 1
    assert "quote: the roof collapsed within the first hour" in merge.shared
    assert "name: Miriam Okafor" in merge.shared


def test_members_keep_input_order_and_ids_are_stable():
    case = json.loads((CASES[0].parent / "rewrite_vs_unrelated.json").read_text())
    arts = _articles(case)
    first = stories.group(arts, DEFAULT)
    again = stories.group(list(reversed(arts)), DEFAULT)
    assert [s.articles for s in first][0] == ("fire-a", "fire-b")
    assert {s.id: set(s.articles) for s in first} == {s.id: set(s.articles) for s in again} or \
        _partition(first) == _partition(again)


# ---- incremental --------------------------------------------------------------------------------

# A vocabulary of 400 made-up words: with the 120 used before, two unrelated stories shared about a
# third of their fact words by chance, far more than real events do, and whether they stayed apart
# hung on the seed (on main, 1 seed in 8 passed at the tuned threshold).
WORDS = [f"{a}{b}{c}" for a in ("ka", "lo", "mi", "ru", "te", "vo", "sa", "pe", "no", "gu")
         for b in ("ban", "dor", "fel", "gis", "hum", "jat", "kor", "lem") for c in ("a", "en", "ix", "ot", "ul")]
NAMES = [f"{a}{b}" for a in ("Ar", "Bel", "Cor", "Dun", "Esk", "Fal") for b in ("ham", "ridge", "ova", "stein")]


def _story_texts(rng: random.Random, n_versions: int) -> list[tuple[str, str]]:
    """One made-up event told `n_versions` ways: shared names and facts, reworded sentences."""
    names = rng.sample(NAMES, 3)
    facts = [rng.sample(WORDS, 6) for _ in range(6)]
    out = []
    for _ in range(n_versions):
        sentences = []
        for f in rng.sample(facts, 5):
            words = f + rng.sample(WORDS, 3) + [rng.choice(names)]
            rng.shuffle(words)
            sentences.append(" ".join(words).capitalize() + ".")
        out.append((f"{names[0]} {facts[0][0]} {facts[0][1]}", " ".join(sentences)))
    return out


def _corpus(seed: int) -> list[Article]:
    rng = random.Random(seed)
    arts = []
    for k in range(8):
        for v, (title, body) in enumerate(_story_texts(rng, rng.choice([1, 2, 3]))):
            arts.append(Article(f"a{k}-{v}", f"a{k}-{v}", title, body))
    rng.shuffle(arts)
    return arts


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_generated_stories_are_found(seed):
    arts = _corpus(seed)
    found = stories.group(arts, DEFAULT)
    assert _partition(found) == _partition_by_prefix(arts)


def _partition_by_prefix(arts) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for a in arts:
        out.setdefault(a.id.split("-")[0], set()).add(a.id)
    return {frozenset(v) for v in out.values()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_regrouping(tmp_path, seed):
    arts = _corpus(seed)
    with Store(tmp_path / "inc.db") as store:
        current: list = []
        for start in range(0, len(arts), 5):  # arrive in small batches
            store.save_batch(["gen"], arts[start : start + 5], [])
            store.replace_stories(stories.update(store.articles(), store.stories(), DEFAULT))
            current = store.stories()
        incremental = _partition(current)
        store.replace_stories(stories.group(store.articles(), DEFAULT))
        assert _partition(store.stories()) == incremental == _partition(stories.group(arts, DEFAULT))


def test_update_only_returns_changed_stories():
    arts = _corpus(4)
    base = stories.group(arts[:-1], DEFAULT)
    changed = stories.update(arts, base, DEFAULT)
    assert arts[-1].id in {i for s in changed for i in s.articles}
    assert len(changed) <= 2
    assert stories.update(arts[:-1], base, DEFAULT) == []


def test_update_with_dates_only_regroups_the_window():
    old = Article("old", "old", "Storm in Calder Bay", "A storm hit Calder Bay.", published="2020-01-01")
    new = Article("new", "new", "Storm in Calder Bay", "A storm hit Calder Bay.", published="2024-06-01")
    assert stories._window_scope([old, new], [new], [], DEFAULT) == [new]


def test_pipeline_attaches_new_versions_and_regroup_agrees(tmp_path):
    from newstrace import pipeline

    storm = sorted(str(p) for p in (EXAMPLES / "storm").iterdir())
    with Store(tmp_path / "nt.db") as store:
        pipeline.add([storm[0], str(EXAMPLES / "other")], store)
        first = pipeline._group(store, store.articles(), DEFAULT)
        assert len(first) == 4 and all(len(s.articles) == 1 for s in first)
        pipeline.add(storm[1:], store)
        attached = pipeline._group(store, store.articles(), DEFAULT)
        assert sorted(len(s.articles) for s in attached) == [1, 1, 1, 4]
        assert {s.id for s in first} == {s.id for s in attached}  # the storm story keeps its id
        assert _partition(pipeline.regroup(store, DEFAULT)) == _partition(attached)


def test_merge_evidence_lists_names_of_equal_length_in_a_fixed_order():
    body = "Ana Berg met Ola Lund and Eva Holm in Oslo. {} said the talks went well."
    arts = [normalize.article(Draft(source=f"{k}.txt", body=body.format(who), title="Talks in Oslo"))
            for k, who in enumerate(("Berg", "Lund"))]
    merge = stories.explain(Story("s", (arts[0].id, arts[1].id), (Merge(arts[0].id, arts[1].id, 0.9, "content"),)),
                            arts).merges[0]
    names = [s for s in merge.shared if s.startswith("name: ")]
    assert names == sorted(names, key=lambda s: (-len(s), s)) and "name: Ana Berg" in names
