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
            node = session.current_node
            onward = [b for b in node.branches if engine.resolve(node, b).kind != "outcome"]
            engine.answer(session, choice=(onward or list(node.branches))[0].key)
        assert not any("possibly" in line for line in lines)
        last = "Question 8 · 1 question left, counting this one"
        assert [line for line in lines if " 1 question left" in line] == [lines[-1]] == [last]
        assert lines[0] == "Question 2 · 1 to 7 questions left, counting this one"

    def test_a_path_of_known_length_says_step_n_of_total(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-arrives-late"))
        session.current_key = "delivery-type"
        session.save()
        assert self.progress_line(client, session) == "Question 1 · 2 questions left, counting this one"

    def test_the_first_step_gives_the_range_of_its_paths(self, client, shipped):
        session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
        assert self.progress_line(client, session) == "Question 1 · 2 to 10 questions left, counting this one"

    def test_no_bound_is_promised_when_a_loop_can_be_reached(self):
        assert describe(4, Remaining(fewest=1, most=None)) == "Question 4 · at least 1 question left, counting this one"
        assert describe(4, Remaining(fewest=3, most=None)) == "Question 4 · at least 3 questions left, counting this one"

    def test_every_shape_of_tree_is_described_in_the_same_words(self):
        lines = [describe(2, Remaining(fewest=f, most=m)) for f, m in ((1, 1), (3, 3), (1, 7), (2, None))]
        assert lines == [
            "Question 2 · 1 question left, counting this one",
            "Question 2 · 3 questions left, counting this one",
            "Question 2 · 1 to 7 questions left, counting this one",
            "Question 2 · at least 2 questions left, counting this one",
        ]
        for line in lines:
            assert "Step" not in line and "more to go" not in line and "last question" not in line
