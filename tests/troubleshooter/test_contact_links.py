"""From a session, "Contact support" in the header and the footer attaches the session's transcript."""
from troubleshooter import engine
from troubleshooter.models import Tree


class TestContactSupportFromASession:
    def test_header_and_footer_links_carry_the_session(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        html = client.get(session.get_absolute_url()).content.decode()
        header = html.split("</header>")[0]
        footer = html.split('<footer class="site-footer">')[1]
        link = f'href="/tickets/new/?session={session.pk}"'
        assert link in header
        assert link in footer

    def test_other_pages_link_to_the_plain_form(self, client, shipped):
        html = client.get("/troubleshoot/sms-not-received/").content.decode()
        assert "?session=" not in html
        assert html.count('href="/tickets/new/"') == 2
