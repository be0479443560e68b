from newstrace import normalize
from newstrace.types import Draft


def test_nfc_and_whitespace_keep_typographic_marks():
    draft = Draft(source="x", title="  Title\u00a0 here ", body="Cafe\u0301  said  \u2018yes\u2019 \u2014 twice.\r\n\r\n\r\nNext\tpara.")
    article = normalize.article(draft)
    assert article.title == "Title here"
    assert article.body == "Caf\u00e9 said \u2018yes\u2019 \u2014 twice.\n\nNext para."


def test_hard_wrapped_lines_join_and_short_lines_stay_paragraphs():
    wrapped = normalize.text("The mayor said on Monday that\nthe bridge would reopen\nin May.")
    assert wrapped == "The mayor said on Monday that the bridge would reopen in May."
    lines = normalize.text("First sentence.\nSecond sentence.")
    assert lines == "First sentence.\n\nSecond sentence."


def test_same_text_same_id_and_different_text_different_id():
    a = normalize.article(Draft(source="a.txt", title="T", body="Body text."))
    b = normalize.article(Draft(source="b.txt", title="T", body="Body  text.\n"))
    c = normalize.article(Draft(source="c.txt", title="T", body="Other text."))
    assert a.id == b.id != c.id
