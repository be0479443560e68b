"""Each stage of the foundation on small hand-built inputs."""

from newstrace import align, attribution, checks, normalize, segment, stories, view
from newstrace.settings import DEFAULT
from newstrace.types import Draft

WIRE = ("Dam operators open spillway as river rises",
        "Operators of the Halden dam opened the spillway on Friday as the river rose, the Halden Water "
        "Authority said.\n\n“We are releasing water in a controlled way,” authority director Lena Holm said.\n\n"
        "Farmers downstream were told to move livestock to higher ground.")
RETOLD = ("Halden dam spillway opened: farmers told to move livestock",
          "The Halden dam's spillway was opened on Friday as the river kept rising.\n\n"
          "“We are releasing water in a controlled way,” said Lena Holm, director of the water authority.\n\n"
          "Officials, speaking on condition of anonymity, said the dam had been inspected in a hurry.")
OTHER = ("Chess club celebrates fiftieth year",
         "The Ostby chess club marked its fiftieth anniversary on Sunday with a simultaneous exhibition.")


def _article(pair, source):
    return normalize.article(Draft(source=source, title=pair[0], body=pair[1]))


def _analyse():
    arts = [_article(WIRE, "wire.txt"), _article(RETOLD, "retold.txt"), _article(OTHER, "chess.txt")]
    sents = {a.id: segment.sentences(a) for a in arts}
    labels = {a.id: attribution.label(a, sents[a.id]) for a in arts}
    return arts, sents, labels


def test_labels_name_sources_and_kinds():
    arts, sents, labels = _analyse()
    wire = labels[arts[0].id]
    assert wire[0].attribution == ("unattributed",)  # the headline
    assert "on_record" in wire[1].attribution
    quote = wire[2].quotes[0]
    assert quote.text.startswith("We are releasing water") and quote.speaker_kind == "on_record"
    assert "Lena Holm" in quote.speaker
    assert "anonymous" in labels[arts[1].id][3].attribution


def test_grouping_joins_retellings_and_keeps_others_apart():
    arts, _, _ = _analyse()
    grouped = stories.group(arts, DEFAULT)
    sizes = sorted(len(s.articles) for s in grouped)
    assert sizes == [1, 2]
    pair = next(s for s in grouped if len(s.articles) == 2)
    assert pair.merges and any("controlled way" in item for item in pair.merges[0].shared)


def test_alignment_links_each_sentence_at_most_once_per_version_and_marks_core():
    arts, sents, labels = _analyse()
    story = next(s for s in stories.group(arts, DEFAULT) if len(s.articles) == 2)
    members = [a for a in arts if a.id in story.articles]
    al = align.story(story, members, sents, labels, None, DEFAULT)
    seen = [(link.article, link.index, link.other) for link in al.links]
    assert len(seen) == len(set(seen))
    quote_core = [c for c in al.core if c.kind == "quote"]
    assert quote_core and quote_core[0].text.startswith("We are releasing water")
    assert (arts[0].id, 2) in al.core_sentences and (arts[1].id, 3) not in al.core_sentences


def test_checks_and_view_report_what_each_version_adds():
    arts, sents, labels = _analyse()
    story = next(s for s in stories.group(arts, DEFAULT) if len(s.articles) == 2)
    members = [a for a in arts if a.id in story.articles]
    al = align.story(story, members, sents, labels, None, DEFAULT)
    flags = checks.run(members, sents, labels, al)
    assert any(f.kind == "anonymous_source" and f.span.article == arts[1].id for f in flags)
    analysis = view.Analysis(members, sents, labels, [story], {story.id: al}, {story.id: []}, {story.id: flags})
    report = view.build(analysis)
    retold = next(a for a in report["articles"] if a["id"] == arts[1].id)
    assert retold["sourcing"]["anonymous"] == 1
    assert 0 < retold["padding_ratio"] < 1 and retold["adds"]["anonymous"] == 1
