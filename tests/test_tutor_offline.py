"""The offline tutor: grounded, cited, labelled, ending with a question, and never leaking unfinished answers."""

from __future__ import annotations

from tui.tutor.context import context_for
from tui.tutor.offline import HEADER, OfflineTutor
from tui.tutor.provider import Turn, TutorRequest, Usage

from .tutor_course import tiny_course

COURSE = tiny_course()


class Finished:
    """Every set finished, so nothing is guarded."""

    def attempts(self, set_id: str) -> list[object]:
        return [type("A", (), {"finished": True, "answers": {}})()]


def request(question: str, place: str = "general", store: object = None) -> TutorRequest:
    return TutorRequest(context_for(COURSE, place, store), (), (Turn("user", question),))


def test_a_reply_quotes_the_best_section_with_its_place_and_ends_with_a_question() -> None:
    reply = OfflineTutor(COURSE).compose(request("What does the VAE encoder do with the image?"))
    assert reply.startswith(HEADER)
    assert "From **Lesson 2 · The autoencoder**:" in reply
    assert "> A VAE encoder compresses the image into a small latent" in reply
    assert "**Key term — VAE**" in reply
    last = reply.rstrip().splitlines()[-1]
    assert last.startswith("**Think about it:**") and last.endswith("?")


def test_feedback_of_an_unfinished_quiz_is_never_quoted() -> None:
    question = "What does the forward process add at each step?"
    guarded = OfflineTutor(COURSE).compose(request(question, "l1"))
    assert "Learned brush strokes" not in guarded and "feedback" not in guarded
    finished = OfflineTutor(COURSE).compose(request(question, "l1", Finished()))
    assert "Lesson 1 quiz · feedback" in finished


def test_a_question_the_course_cannot_answer_says_so_and_still_asks_one_back() -> None:
    reply = OfflineTutor(COURSE).compose(request("zebra quantum banana"))
    assert "could not find that in the course" in reply
    assert reply.rstrip().endswith("?")


async def test_the_stream_is_the_composed_reply_in_chunks_then_zero_usage() -> None:
    tutor = OfflineTutor(COURSE)
    items = [item async for item in tutor.stream(request("How is noise added in the forward process?"))]
    assert items[-1] == Usage()
    text_chunks = [item for item in items if isinstance(item, str)]
    assert len(text_chunks) > 5
    assert "".join(text_chunks) == tutor.compose(request("How is noise added in the forward process?"))
    assert tutor.label == "Offline tutor" and tutor.offline
