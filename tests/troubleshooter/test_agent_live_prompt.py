"""The console's live view: the question's prompt sits inside its fieldset (not in the legend, where its
first paragraph straddled the border) and the question's help text is shown."""
from __future__ import annotations

import re

import pytest

from tests.troubleshooter.session_factories import make_live_session, republish
from troubleshooter import engine
from troubleshooter.models import Node

pytestmark = pytest.mark.django_db


def test_the_prompt_is_inside_the_fieldset_not_the_legend_and_the_help_is_shown(agent_client):
    tree = make_live_session().tree
    Node.objects.filter(tree=tree, key="arrived").update(help="Look at the Status column of the send log.")
    republish(tree)
    session = engine.start_session(tree)
    html = agent_client.get(f"/agent/s/{session.code}/").content.decode()
    fieldset = re.search(r'<fieldset class="choices".*?</fieldset>', html, re.S).group(0)
    legend = re.search(r"<legend>(.*?)</legend>", fieldset, re.S).group(1)
    assert "<p>" not in legend
    assert "<p>Did the SMS arrive?</p>" in fieldset
    assert "Look at the Status column of the send log." in fieldset
    assert 'aria-describedby="live-prompt live-help"' in fieldset
