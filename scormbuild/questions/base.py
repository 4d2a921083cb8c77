"""What every question type shares, and the hooks a question type fills in.

A question type is one unit: its pydantic model (a subclass of ``QuestionBase`` in its own
module here), the answer key the runtime grades against, the longest answer the runtime can
store, the checks of its answer key (errors, and warnings of likely slips), and its template
partial ``templates/questions/<type>.html``.
The registry in ``scormbuild/questions/__init__.py`` lists the units.
"""

from __future__ import annotations

from collections import Counter
from typing import (Any, Callable, ClassVar, Dict, Iterable, List, Mapping, Optional, Sequence,
                    Tuple, get_args)

from pydantic import Field

from scormbuild.fields import MarkdownText, RefList, ShortId, Slug, Strict

# The largest cmi.interactions.n.weighting a SCORM 1.2 LMS accepts: the 1.2 data model's range
# for it is -100 to 100 (Moodle's 1.2 player and scorm-again's 1.2 interactions
# both refuse a larger one; scorm-again answers error 405).
LARGEST_WEIGHT = 100

# Reports a problem with the answer key: (key path inside the question, message).
ReportKeyError = Callable[[Tuple[Any, ...], str], None]


class Choice(Strict):
    id: ShortId
    text: MarkdownText
    feedback: Optional[MarkdownText] = None


class Item(Strict):
    id: ShortId
    text: MarkdownText


class Feedback(Strict):
    correct: Optional[MarkdownText] = None
    incorrect: Optional[MarkdownText] = None


class QuestionBase(Strict):
    """The fields of every question; subclasses add ``type: Literal[...]`` and their key."""

    type: str  # each unit narrows it to its Literal name
    id: Slug
    prompt: MarkdownText
    rationale: Optional[MarkdownText] = None
    feedback: Optional[Feedback] = None
    reference: RefList = []
    objective: Optional[Slug] = None
    weight: float = Field(1, gt=0)

    scored: ClassVar[bool] = True  # False: a survey question, never graded
    # the fields of answer_key() (course-data.js) whose ids, or numbers, the runtime writes into
    # interaction records: what the validator checks against an LMS (lms/rules.py); the build
    # reads the same values from id_lists() and recorded_numbers()
    key_ids: ClassVar[Tuple[str, ...]] = ()
    key_numbers: ClassVar[Tuple[str, ...]] = ()
    shuffled_list: ClassVar[Optional[str]] = None  # the answer-key list shown in a random order
    always_shuffled: ClassVar[bool] = False  # shuffled even without shuffle_choices


    @classmethod
    def type_name(cls) -> str:
        """The value of ``type:`` that selects this unit (from its Literal annotation)."""
        return str(get_args(cls.model_fields["type"].annotation)[0])

    @classmethod
    def partial(cls) -> str:
        """The template that renders the answer controls of this type."""
        return f"questions/{cls.type_name()}.html"

    def shuffled_in(self, shuffle_choices: bool) -> Optional[str]:
        """The list the runtime shows in a random order (never the author's) in this quiz."""
        return self.shuffled_list if shuffle_choices or self.always_shuffled else None

    def answer_key(self) -> Dict[str, Any]:
        """What the runtime needs to grade (or, for surveys, to record) an answer."""
        return {}

    def worst_answer(self) -> Any:
        """The longest answer the runtime stores in suspend_data (``None``: nothing is stored)."""
        return None

    def worst_record(self) -> Tuple[str, str, List[str]]:
        """The SCORM 2004 interaction at its longest: (type, learner_response, correct patterns).

        As the SCORM 2004 adapter (templates/static/runtime) writes them (RTE 4.2.9.1); measured
        by ``render/lms_record.py`` for the LMS's whole-record saves (Moodle, issue #16).
        """
        raise NotImplementedError(f"{type(self).__name__}.worst_record")

    def correct_answer(self, texts: Mapping[str, str]) -> List[str]:
        """The correct answer as HTML lines a learner reads after submitting (none: survey).

        texts are the question's rendered texts ("choices:a" -> HTML), as in RenderedQuestion.
        """
        return []

    def recorded_numbers(self) -> Iterable[Tuple[Tuple[Any, ...], float]]:
        """Each number of the answer key the LMS stores as a correct-response pattern, with its
        key path inside the question (checked against an LMS's number format: lms/rules.py)."""
        return ()

    def id_lists(self) -> Iterable[Tuple[str, List[str]]]:
        """Each list the learner picks from, by its field name, as ids (which must not repeat).

        Every entry of such a list has an ``id`` and a ``text`` (rendered from Markdown).
        """
        return ()

    def warn_key(self, warn: ReportKeyError) -> None:
        """Warn of what is valid but likely a slip: an answer learners would type otherwise,
        a rationale that contradicts the answer."""

    def check_key(self, report: ReportKeyError) -> None:
        """Report what the schema cannot see: answers that name no choice, and so on."""
        if self.weight > LARGEST_WEIGHT:
            report(("weight",), f"weight of question '{self.id}' is {self.weight:g}, above "
                                f"{LARGEST_WEIGHT}: a SCORM 1.2 LMS refuses a question weighting "
                                f"above {LARGEST_WEIGHT}")
        for key, ids in self.id_lists():
            for dup in sorted(i for i, c in Counter(ids).items() if c > 1):
                report((key,), f"{key} of question '{self.id}' repeat the id '{dup}'")
            # two entries that read the same cannot be told apart by learners (a sequencing
            # step written twice is graded by id: the 'same' order can be marked wrong)
            seen: Dict[str, int] = {}
            for index, entry in enumerate(getattr(self, key, ())):
                text = " ".join(str(getattr(entry, "text", "")).split()).casefold()
                if text in seen:
                    report((key, index, "text"),
                           f"{key} of question '{self.id}' repeat the text "
                           f"'{getattr(entry, 'text', '')}' (entries {seen[text] + 1} and "
                           f"{index + 1}): learners cannot tell them apart; reword one")
                else:
                    seen[text] = index


WIDEST_CHARACTER = "\u20ac"  # three bytes in UTF-8, one UTF-16 unit: the worst typed character
LONGEST_NUMBER = "-1.2345678901234567e-300"  # the longest String(number) of a typed number


def longest(ids: Iterable[str]) -> str:
    return max(ids, key=len)


def check_choice_answers(question: QuestionBase, choices: Sequence[Choice], answers: Sequence[str],
                         path: Callable[[int], Tuple[Any, ...]], report: ReportKeyError) -> None:
    """Every answer must be one of the question's choices."""
    choice_ids = [c.id for c in choices]
    for i, answer in enumerate(answers):
        if answer not in choice_ids:
            report(path(i), f"answer '{answer}' of question '{question.id}' is "
                            f"not one of its choices ({', '.join(choice_ids)})")
