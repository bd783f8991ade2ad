"""The wizard's progress line promises only what the tree's shape can keep."""

from troubleshooter import engine
from troubleshooter.models import Tree
from troubleshooter.progress import Remaining, describe


class TestHonestProgress:
    def progress_line(self, client, session) -> str:
        page = client.get(session.get_absolute_url()).content.decode()
        return page.split('id="progress-label" class="meta">')[1].split("</p>")[0]

    def test_the_phone_checklist_says_last_question_only_on_the_last_one(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        engine.answer(session, choice="successful-received")
        lines = []
        while session.current_node.kind != "outcome":
            lines.append(self.progress_line(client, session))
            onward = [b for b in session.current_node.branches.select_related("target") if b.target.kind != "outcome"]
            engine.answer(session, choice=(onward or list(session.current_node.branches.all()))[0].key)
        assert not any("possibly" in line for line in lines)
        assert [line for line in lines if "the last question" in line] == [lines[-1]] == ["Step 8 · the last question"]
        assert lines[0] == "Step 2 · up to 7 questions left, this one included"

    def test_a_path_of_known_length_says_step_n_of_total(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        session.current_node = session.tree.nodes.get(key="delivery-type")
        session.save()
        assert self.progress_line(client, session) == "Step 1 of 2"

    def test_the_first_step_keeps_its_lower_bound(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        assert self.progress_line(client, session) == "Step 1 · at least 2 more to go"

    def test_no_bound_is_promised_when_a_loop_can_be_reached(self):
        assert describe(4, Remaining(fewest=1, most=None)) == "Step 4"
        assert describe(4, Remaining(fewest=3, most=None)) == "Step 4 · at least 3 more to go"
