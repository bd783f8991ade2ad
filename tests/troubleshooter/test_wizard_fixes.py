"""QA's wizard defects, each pinned by a test: verdict words, carried-over error codes, NFKC input,
pre-filled answers after Back, honest progress, shared check widgets and the session-code message."""
import pytest

from troubleshooter import engine
from troubleshooter.models import Tree
from troubleshooter.tickets import snapshot_session

from .tree_factories import make_fixed_articles

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shipped(db):
    from troubleshooter.treefiles import load_default_trees

    make_fixed_articles()
    load_default_trees()


def remarks_session(text: str):
    session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
    engine.answer(session, choice="failed")
    engine.answer(session, choice="other")
    return engine.answer(session, value={"text": text})


class TestVerdictWords:
    def test_the_wizard_transcript_shows_the_verdict_in_words_not_the_raw_word(self, client, shipped):
        session = remarks_session("Request hit the frequency control policy")
        page = client.get(session.get_absolute_url()).content.decode()
        assert "Check result: Sending was rate-limited" in page
        assert "rate-limit<" not in page and "Check result: rate-limit" not in page

    def test_a_ticket_snapshot_keeps_the_verdict_words(self, shipped):
        session = remarks_session("Request hit the frequency control policy")
        entries, _ = snapshot_session(session)
        assert entries[-1]["verdict"] == "rate-limit"
        assert entries[-1]["verdict_label"] == "Sending was rate-limited"
