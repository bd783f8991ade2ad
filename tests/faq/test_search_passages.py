"""The best passage of an article for a query (pure: no database)."""
from faq.search.passages import best_passage
from faq.search.types import MARK_END, MARK_START


def marked(text: str) -> list[str]:
    return [part.split(MARK_END)[0] for part in text.split(MARK_START)[1:]]


def test_the_passage_is_the_window_with_the_most_query_words():
    text = "Intro words here. " * 20 + "Check the delivery status and the Remarks column. " + "Closing words. " * 20
    passage = best_passage(text, {"delivery", "remarks"}, size=10)
    assert marked(passage) == ["delivery", "Remarks"]
    assert passage.startswith("…") and passage.endswith("…")


def test_other_forms_of_a_word_are_marked_too():
    assert marked(best_passage("The message arrived late; messages arrive in order.", {"arrives", "message"})) == [
        "message", "arrived", "messages", "arrive",
    ]


def test_a_text_without_the_words_gives_its_opening():
    passage = best_passage("One two three four five six.", {"absent"}, size=3)
    assert passage == "One two three…"
    assert MARK_START not in passage


def test_an_empty_text_gives_an_empty_passage():
    assert best_passage("", {"word"}) == ""


def test_only_the_start_of_a_very_long_text_is_read():
    text = "Opening words about delivery. " + "filler " * 2000 + "delivery delivery delivery"
    passage = best_passage(text, {"delivery"}, size=5)
    assert passage.startswith("Opening words about")
    assert passage.endswith("…") and len(passage) < 100
