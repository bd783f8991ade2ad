"""Property-based: no answer, sent to the API or posted to the wizard, makes the server answer 5xx."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter import engine
from troubleshooter.models import Node
from troubleshooter.treefiles import load_default_trees

from .session_factories import put_at

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=80)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
bodies = st.dictionaries(st.sampled_from(["choice", "value", "other"]), json_values, max_size=3) | json_values
form_data = st.dictionaries(
    st.sampled_from(["choice", "value", "field-text", "field-body", "field-numbers", "field-requested_at",
                     "field-sms_type", "field-appkey"]),
    st.text(max_size=60), max_size=4,
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def node_ids(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_default_trees()
        ids = list(Node.objects.exclude(kind="outcome").values_list("pk", flat=True))
    yield ids
    with django_db_blocker.unblock():
        from troubleshooter.models import Branch, Session, Tree

        Session.objects.all().delete()
        Branch.objects.all().delete()
        Node.objects.all().delete()
        Tree.objects.all().delete()


def _session_on(node_id):
    node = Node.objects.select_related("tree").get(pk=node_id)
    return put_at(engine.start_session(node.tree), node)


@pytest.mark.django_db
@SETTINGS
@given(body=bodies, pick=st.integers(min_value=0))
def test_no_api_answer_is_a_5xx(client, node_ids, body, pick):
    session = _session_on(node_ids[pick % len(node_ids)])
    response = client.post(
        f"/api/v1/sessions/{session.pk}/answers", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (200, 400), response.content
    assert response.json()


@pytest.mark.django_db
@SETTINGS
@given(data=form_data, pick=st.integers(min_value=0))
def test_no_wizard_post_is_a_5xx(client, node_ids, data, pick):
    session = _session_on(node_ids[pick % len(node_ids)])
    response = client.post(session.get_absolute_url(), data)
    assert response.status_code in (302, 400)
