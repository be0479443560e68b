"""The Dask driver (`newstrace.corpus`) against the single-machine path (`stories.group`).

One LocalCluster of two workers serves the module; the corpus is generated here: stories retold with
light edits and heavy rewrites by outlets that sign every article with their own footer, plus
unrelated articles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from newstrace import corpus, similarity, stories
from newstrace.corpus import features, output, shards
from newstrace.settings import DEFAULT
from newstrace.store import Store

distributed = pytest.importorskip("distributed")

SYLLABLES = "ka lo mi ne ru sa te vi zo pa de fi gu ho ja ko li mu no pe ri so tu va we xi yo ze".split()


def _vocabulary(rng, size: int, capital: bool = False) -> np.ndarray:
    words = sorted({"".join(rng.choice(SYLLABLES, rng.integers(2, 4))) for _ in range(size * 2)})[:size]
    return np.array([w.capitalize() for w in words] if capital else words, dtype=object)


def generate(n: int, seed: int = 7) -> list[dict]:
    """`n` articles, about half of them in stories of 2-6 versions, as JSON Lines records."""
    rng = np.random.default_rng(seed)
    words, names = _vocabulary(rng, 12000), _vocabulary(rng, 1500, capital=True)
    footers = [" ".join(words[rng.integers(0, len(words), 30)]) + "." for _ in range(40)]
    records: list[dict] = []
    while len(records) < n:
        cast = names[rng.choice(len(names), 4, replace=False)]
        base = [_sentence(rng, words, cast) for _ in range(rng.integers(12, 24))]
        for version in range(int(rng.integers(2, 7)) if rng.random() < 0.3 else 1):
            sentences = base if version == 0 else _retell(rng, base, words, cast, heavy=rng.random() < 0.3)
            outlet = int(rng.integers(40))
            body = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
            records.append({"title": " ".join(sentences[0].split()[:7]), "text": f"{body}\n\n{footers[outlet]}",
                            "outlet": f"outlet{outlet}"})
    return [records[i] for i in rng.permutation(len(records))[:n]]


def _sentence(rng, words, cast) -> str:
    picked = list(words[rng.integers(0, len(words), rng.integers(8, 16))])
    picked.insert(int(rng.integers(len(picked))), cast[rng.integers(len(cast))])
    picked[0] = picked[0].capitalize()
    return " ".join(picked) + "."


def _retell(rng, base, words, cast, heavy: bool) -> list[str]:
    if heavy:  # new wording about the same people: only the names and a few words remain
        return [_sentence(rng, words, cast) + " " + " ".join(rng.choice(s.split(), 3)) for s in base]
    kept = [np.array(s.split(), dtype=object) for s in base if rng.random() > 0.15]
    for sentence in kept:
        swap = rng.random(len(sentence)) < 0.08
        sentence[swap] = words[rng.integers(0, len(words), swap.sum())]
    return [" ".join(s) for s in kept]


@pytest.fixture(scope="module")
def client():
    from newstrace.corpus.cluster import connect

    with connect(workers=2, quiet=True) as c:
        yield c


@pytest.fixture(scope="module")
def shard(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in generate(3100)), encoding="utf-8")
    return path


def _single(paths: list[str]) -> list:
    chunks, _ = shards.plan(paths)
    articles = [a for c in chunks for a in shards.read(c)[0]]
    return stories.group(articles, DEFAULT)


def _as_stories(out: Path) -> list:
    with Store(out / "check.db") as store:
        corpus.load_outputs([str(out)], store)
        return store.stories()


def _same_stories(found: list, expected: list) -> None:
    assert sorted((s.id, s.articles) for s in found) == sorted((s.id, s.articles) for s in expected)
    merges = lambda ss: [(s.id, m.a, m.b, m.method, m.similarity, m.shared) for s in ss for m in s.merges]  # noqa: E731
    assert sorted(merges(found)) == sorted(merges(expected))


def test_dask_finds_the_stories_of_the_single_machine_path(client, shard, tmp_path):
    expected = _single([str(shard)])
    assert DEFAULT.compare_all_below < 3100 and sum(len(s.articles) > 1 for s in expected) > 200
    result = corpus.group([str(shard)], str(tmp_path / "out"), DEFAULT, chunk_mb=1, progress=False, client=client)
    assert len(result.ids) == 3100 and result.stories == len(expected)
    _same_stories(_as_stories(tmp_path / "out"), expected)


def test_small_corpus_is_compared_in_full_as_on_one_machine(client, tmp_path):
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in generate(400, seed=3)), encoding="utf-8")
    result = corpus.group([str(path)], str(tmp_path / "out"), DEFAULT, chunk_mb=0.1, progress=False, client=client)
    assert result.stories < 400
    _same_stories(_as_stories(tmp_path / "out"), _single([str(path)]))


@pytest.mark.parametrize("chunk_bytes", [1, 97, 4096, 1 << 30])
def test_jsonl_chunks_cover_every_line_once(tmp_path, chunk_bytes):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": f"article {i} " + "é" * (i % 7), "title": f"t{i}"}) for i in range(60)]
    path.write_text("\n".join(lines[:30]) + "\n\n" + "\r\n".join(lines[30:]), encoding="utf-8")
    chunks, skipped = shards.plan([str(path)], chunk_bytes)
    found = [a.body for c in chunks for a in shards.read(c)[0]]
    assert not skipped and found == [json.loads(x)["text"].strip() for x in lines]


def test_parquet_and_gzipped_jsonl_shards_are_read(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [{"text": f"body {i}", "title": f"title {i}", "outlet": "Wire"} for i in range(25)]
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "a.parquet", row_group_size=10)
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in records) + "{not json\n")
    chunks, _ = shards.plan([str(tmp_path)])
    assert [c.kind for c in chunks] == ["parquet"] * 3 + ["jsonl.gz"]
    read = [shards.read(c) for c in chunks]
    assert [a.title for r in read[:3] for a in r[0]] == [r["title"] for r in records]
    assert len(read[3][0]) == 25 and "not valid JSON" in read[3][1][0].reason


def test_warc_responses_and_conversions_are_read(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        page = ("<html><head><title>Dam opens</title></head><body><article><p>" + "The dam opened its gates on "
                "Monday after days of rain, the river authority said in a statement. " * 4 + "</p></article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/dam", "response",
                                                      payload=BytesIO(page.encode()), http_headers=http))
        writer.write_record(writer.create_warc_record("https://example.org/plain", "conversion",
                                                      payload=BytesIO(b"Plain words of a second article."),
                                                      warc_content_type="text/plain"))
    (chunk,), _ = shards.plan([str(path)])
    articles, skipped = shards.read(chunk)
    assert not skipped and len(articles) == 2
    assert "dam opened its gates" in articles[0].body and articles[1].url == "https://example.org/plain"


def test_unknown_and_missing_inputs_are_skipped(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    _, skipped = shards.plan([str(tmp_path / "notes.txt"), str(tmp_path / "absent.jsonl")])
    assert [s.reason.split(" (")[0] for s in skipped] == ["not a corpus shard", "no such file or directory"]


def test_corpus_frequencies_give_the_single_machine_vectors():
    texts = [" ".join(r["text"].split()[:80]) for r in generate(60, seed=5)]
    _, terms = stories.batch_signatures(texts, np.zeros(0, np.uint64), DEFAULT)
    expected = similarity.vectors(terms)
    df = features.add_frequencies(tuple(np.unique(m.indices, return_counts=True) for m in terms))
    for mine, theirs, which in zip([features.weigh(m, *d, len(texts)) for m, d in zip(terms, df)], expected, "wn"):
        assert np.array_equal(mine.data, theirs.data), which
        assert np.array_equal(np.diff(mine.indptr), np.diff(theirs.indptr))


def test_group_corpus_command_output_loads_with_ingest(client, tmp_path):
    from click.testing import CliRunner

    from newstrace.cli import main

    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in generate(120, seed=11)), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["group-corpus", str(path), "--out", str(tmp_path / "out"),
                                "--scheduler", client.scheduler.address])
    assert done.exit_code == 0, done.output
    assert "dask: dashboard http" in done.stderr and "6/6 writing Parquet" in done.stderr
    grouped = int(done.stdout.split(" in ")[1].split()[0])
    db = str(tmp_path / "t.db")
    assert runner.invoke(main, ["ingest", str(tmp_path / "out"), "--db", db]).stdout.startswith("120 article(s) read")
    rows = json.loads(runner.invoke(main, ["stories", "--db", db, "--format", "json"]).stdout)
    assert len(rows) == grouped < 120
    assert json.loads((tmp_path / "out" / output.MANIFEST).read_text())["articles"] == 120


def test_workers_keep_glibc_malloc_defaults(client):
    import os

    found = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert len(found) == 2 and set(found.values()) == {None}


def test_a_corpus_without_articles_gives_no_stories_and_lists_what_was_skipped(client, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "no text"}\nnot json\n', encoding="utf-8")
    result = corpus.group([str(path), str(tmp_path / "gone.jsonl")], str(tmp_path / "out"), DEFAULT,
                          progress=False, client=client)
    assert len(result.ids) == 0 and result.stories == 0
    assert [s.reason.split(" (")[0] for s in result.skipped] == [
        "no such file or directory", "missing the required string field 'text'", "not valid JSON"]
