import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace import normalize
from newstrace.store import MIGRATIONS, Store
from newstrace.types import Draft, Label, Merge, Quote, Sentence, Skipped, Source, Story

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.one_of(st.none(), text), body=text.filter(str.strip), outlet=st.one_of(st.none(), text))
def test_article_round_trip(tmp_path, title, body, outlet):
    article = normalize.article(Draft(source="in.txt", title=title, body=body, outlet=outlet))
    with tempfile.TemporaryDirectory(dir=tmp_path) as fresh, Store(Path(fresh) / "db") as store:
        store.save_batch(["in.txt"], [article], [])
        assert store.articles([article.id]) == [article]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.none(), text), hedges=st.lists(text, max_size=3), start=st.integers(0, 10_000))
def test_label_round_trip(tmp_path, name, hedges, start):
    sentence = Sentence("a1", 1, start, start + 5, "hello", paragraph=2, continues=0)
    quote = Quote("a1", 1, start, start + 2, "he", name, "on_record")
    label = Label("a1", 1, ("on_record", "unattributed"), (Source("on_record", name, "said"),), tuple(hedges), (quote,))
    with Store(tmp_path / "labels.db") as store:
        store.db.execute("INSERT OR IGNORE INTO batches VALUES (1, 'now', '[]')")
        store.db.execute("INSERT OR IGNORE INTO articles (id, body, fmt, batch) VALUES ('a1', 'x', 'text', 1)")
        store.save_sentences("v1", [sentence], [label])
        assert store.sentences("a1", "v1") == ([sentence], [label])
        assert store.sentences("a1", "v2") is None


def test_same_article_twice_is_stored_once_with_both_sources(tmp_path):
    article = normalize.article(Draft(source="a.txt", title="T", body="Body."))
    again = normalize.article(Draft(source="copy/a.txt", title="T", body="Body."))
    with Store(tmp_path / "db") as store:
        assert store.save_batch(["a.txt"], [article], []) == [article.id]
        assert store.save_batch(["copy"], [again], [Skipped("bad.bin", "binary file")]) == []
        assert len(store.articles()) == 1
        sources = store.db.execute("SELECT source FROM article_sources ORDER BY source").fetchall()
        assert [s[0] for s in sources] == ["a.txt", "copy/a.txt"]
        assert store.skipped() == [Skipped("bad.bin", "binary file")]


def test_failed_batch_leaves_nothing(tmp_path):
    good = normalize.article(Draft(source="a.txt", title="T", body="Body."))
    with Store(tmp_path / "db") as store:
        store.db.execute("CREATE TRIGGER boom BEFORE INSERT ON skipped BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        try:
            store.save_batch(["a.txt"], [good], [Skipped("x", "y")])
        except sqlite3.DatabaseError:
            pass
        assert store.articles() == []
        assert store.db.execute("SELECT count(*) FROM batches").fetchone()[0] == 0


def test_stories_replace_and_migrations_recorded(tmp_path):
    arts = [normalize.article(Draft(source=f"{i}.txt", title=f"T{i}", body=f"Body {i}.")) for i in range(3)]
    with Store(tmp_path / "db") as store:
        store.save_batch(["x"], arts, [])
        store.replace_stories([Story("s1", (arts[0].id, arts[1].id), (Merge(arts[0].id, arts[1].id, 0.5, "tfidf", ("name: X",)),)),
                               Story("s2", (arts[2].id,))])
        store.replace_stories([Story("s3", (arts[0].id, arts[1].id, arts[2].id))])
        stories = store.stories()
        assert [s.id for s in stories] == ["s3"] and len(stories[0].articles) == 3
        assert store.db.execute("SELECT version FROM migrations").fetchall() == [(v,) for v, _, _ in MIGRATIONS]
    with Store(tmp_path / "db") as again:  # reopening does not re-run migrations
        assert again.db.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
