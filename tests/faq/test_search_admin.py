"""The search admin: synonyms editable, the search log readable, the zero-result list for staff only."""
import pytest
from django.contrib.auth.models import Permission, User

from faq import search
from faq.models import SearchLog, Synonym
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def test_the_zero_result_list_counts_the_most_frequent_first(admin_client):
    for query, count in [("refund", 0), ("refund", 0), ("refund", 0), ("fax", 0), ("invoice", 2)]:
        SearchLog.objects.create(query=query, result_count=count)
    response = admin_client.get("/admin/faq/searchlog/zero-results/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("refund") < html.index("fax")
    assert "<td>3</td>" in html
    assert "invoice" not in html
    assert "Most frequent searches that found nothing" in admin_client.get("/admin/faq/searchlog/").content.decode()


def test_the_zero_result_list_needs_the_view_permission(client):
    staff = User.objects.create_user("agent", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/faq/searchlog/zero-results/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_searchlog"))
    assert client.get("/admin/faq/searchlog/zero-results/").status_code == 200
    client.logout()
    assert client.get("/admin/faq/searchlog/zero-results/").status_code == 302


def test_a_synonym_added_in_the_admin_changes_search_at_once(admin_client):
    search.forget_synonyms()
    make_article(slug="blocklist", title="What is a number blocklist?")
    assert search.search("zorblist").results == []
    response = admin_client.post("/admin/faq/synonym/add/", {"words": "zorblist, blocklist"})
    assert response.status_code == 302
    assert Synonym.objects.count() == 1
    assert [result.article.slug for result in search.search("zorblist").results] == ["blocklist"]
    search.forget_synonyms()


def test_the_log_list_filters_searches_that_found_nothing(admin_client):
    SearchLog.objects.create(query="refund", result_count=0)
    SearchLog.objects.create(query="invoice", result_count=3)
    html = admin_client.get("/admin/faq/searchlog/", {"found": "no"}).content.decode()
    assert "refund" in html and "invoice" not in html


def test_a_huge_search_term_in_the_log_admin_searches_its_start_instead_of_failing(admin_client):
    SearchLog.objects.create(query="refund", result_count=0)
    SearchLog.objects.create(query="fax", result_count=0)
    response = admin_client.get("/admin/faq/searchlog/", {"q": "refund " + "a " * 2500})
    assert response.status_code == 200
    html = response.content.decode()
    assert "refund" in html and "fax" not in html.split('id="result_list"', 1)[-1]


def test_every_admin_search_is_capped(admin_client):
    for url in ("/admin/faq/article/", "/admin/faq/vote/", "/admin/troubleshooter/node/", "/admin/tickets/ticket/"):
        assert admin_client.get(url, {"q": "ab " * 2000}).status_code == 200, url
