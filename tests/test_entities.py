from __future__ import annotations

from newstrace import entities, normalize
from newstrace.types import Draft


def _article(body: str, title: str = "A title"):
    return normalize.article(Draft(source="t", body=body, title=title))


def _group(found, text: str):
    return next(e for e in found if any(m.text == text for m in e.mentions))


def test_alias_table_folds_foreign_names_and_misnamings():
    for alias in ("ЦТАК", "CTAK", "KCNA", "Pyongyang Central News Agency", "the Korean Central News Agency"):
        assert entities.canonical_name(alias, "organization")[0] == "Korean Central News Agency"
    assert entities.canonical_name("ТАСС", "organization")[0] == "TASS"
    assert entities.canonical_name("新华社", "organization")[0] == "Xinhua"


def test_same_entity_accepts_variants_and_rejects_other_names():
    assert entities.same_entity("Zelenskiy", "Zelensky")
    assert entities.same_entity("Kim Jong-un", "Kim Jong Un")
    assert entities.same_entity("Marco Ferri", "Ferri")
    assert entities.same_entity("Dmitri Ivanov", "Dmitry Ivanov")
    assert not entities.same_entity("Anna Berg", "Clara Holm")
    assert not entities.same_entity("Lisbon", "Porto")
    assert not entities.same_entity("Austria", "Australia")


def test_acronym_defined_in_text_and_its_long_form_are_one_entity():
    found = entities.resolve([_article("Officials met the Regional Flood Authority (RFA) on Monday. "
                                       "The RFA said the dams were safe.")])
    group = _group(found, "RFA")
    assert {m.text for m in group.mentions} >= {"RFA"}
    assert group.canonical == "Regional Flood Authority"


def test_role_and_pronoun_resolve_to_the_person_named_before():
    body = ("Chilean President Ana Torres met union leaders on Monday.\n\n"
            "The Chilean leader promised new talks. She said the strike must end.")
    found = entities.resolve([_article(body)])
    torres = _group(found, "Ana Torres")
    texts = {m.text for m in torres.mentions}
    assert "The Chilean leader" in texts and "She" in texts


def test_role_does_not_go_to_a_person_with_another_title():
    body = "Mayor Lars Eng opened the fair.\n\nThe Danish leader was not there."
    found = entities.resolve([_article(body)])
    assert "The Danish leader" not in {m.text for m in _group(found, "Lars Eng").mentions}


def test_surname_with_another_entity_type_merges_with_the_person():
    body = "Spokesperson Mara Lindqvist said crews were out.\n\nLindqvist added that hospitals had power."
    found = entities.resolve([_article(body)])
    assert {"Mara Lindqvist", "Lindqvist"} <= {m.text for m in _group(found, "Mara Lindqvist").mentions}


def test_cyrillic_names_are_transliterated_before_comparison():
    assert entities.same_entity("Зеленский", "Zelensky")
    assert entities.canonical_name("Путин", "person")[0] == "Vladimir Putin"
    assert not entities.same_entity("Путин", "Lavrov")


def test_a_surname_goes_to_the_fullest_name_whatever_the_order_of_people():
    people = ["Warren Jeffs", "Warren Steed Jeffs"]
    for order in (people, people[::-1], set(people)):
        assert entities.canonical_name("Jeffs", "person", None, order)[0] == "Warren Steed Jeffs"
