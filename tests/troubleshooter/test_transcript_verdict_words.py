"""Check steps show the checker's verdict in words: in the wizard's transcript and in a ticket's snapshot."""


from tickets.filing import snapshot_session

from .tree_factories import remarks_session


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
