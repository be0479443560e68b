from newstrace import normalize, segment
from newstrace.types import Draft


def _sentences(title, body):
    article = normalize.article(Draft(source="t", title=title, body=body))
    return article, segment.sentences(article)


def test_offsets_point_into_the_body_and_headline_into_the_title():
    article, sents = _sentences("A headline", "The council met on Monday. It voted 7-2 to close the pool.\n\nResidents objected.")
    assert sents[0].headline and sents[0].text == article.title
    body = [s for s in sents if not s.headline]
    assert [s.text for s in body] == ["The council met on Monday.", "It voted 7-2 to close the pool.", "Residents objected."]
    for s in body:
        assert article.body[s.start:s.end] == s.text
    assert [s.paragraph for s in body] == [0, 0, 1]


def test_quote_over_several_sentences_stays_with_its_speaker():
    _, sents = _sentences(None, "\u201cWe will rebuild,\u201d the mayor said. \u201cIt will take a year. Maybe two.\u201d The council agreed.")
    texts = [s.text for s in sents]
    assert texts[0].startswith("\u201cWe will rebuild")
    follow = [s for s in sents if s.text.startswith("\u201cIt will take")]
    assert follow and follow[0].continues == 0
    assert sents[-1].text == "The council agreed." and sents[-1].continues is None


def test_quote_running_over_paragraphs_continues():
    body = "\u201cThe first paragraph of the statement ends here.\n\n\u201cThe second paragraph goes on,\u201d she said."
    _, sents = _sentences(None, body)
    assert sents[1].continues == 0


def test_no_split_after_closing_quote_mark():
    _, sents = _sentences(None, "He called it \u2018a disgrace.\u2019 and left the room.")
    assert len(sents) == 1


def test_straight_opening_quote_starts_a_new_sentence():
    _, sents = _sentences(None, '"We are checking every cable," Weiss said. "It will take time."')
    assert [s.text for s in sents] == ['"We are checking every cable," Weiss said.', '"It will take time."']
    assert sents[1].continues == 0


def test_straight_closing_quote_stays_with_its_sentence():
    _, sents = _sentences(None, 'He called it "a disgrace." and left.')
    assert len(sents) == 1
