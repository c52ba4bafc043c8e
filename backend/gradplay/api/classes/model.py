"""A live class's data and rules, with no HTTP and no storage: events, questions, histograms.

Events are numbered per class (1, 2, 3, ...) in the order the class's store accepted them;
the number is the SSE `id`, so a reconnecting EventSource sends back the last one it saw.
What a (re)connecting follower receives first is decided here (`initial_events`), the
same way for every store:

- always the teacher's current `state` first;
- with a `Last-Event-ID` the store still holds in its replay log: that `state` carries the
  client's own id (it moves no cursor), then every logged event after it except `state`
  events (the current state was just sent and is newer than any of them);
- otherwise (first connect, or an id too old or unknown): the current question as
  `question`, `answers` and, once revealed, `reveal`, all with the newest id.
"""

import math
from dataclasses import dataclass

from gradplay.api.encoding import dumps

KINDS = ("state", "question", "answers", "reveal", "closed")
NUMBER_BINS = 20  # a histogram of number answers: 20 equal bins over the question's range
SIGN_LABELS = ["down", "no change", "up"]  # sign answers are -1, 0, 1
MAX_ABS_NUMBER = 1e6

# The prompts a teacher may ask: fixed text, never typed by anyone (nothing a user sends is shown).
PROMPTS = {
    "next_x": ("number", "Where will x be after the next update?"),
    "next_y": ("number", "Where will y be after the next update?"),
    "next_loss": ("number", "What will the loss be after the next update?"),
    "next_w": ("number", "What will w be after the next update?"),
    "w_change_sign": ("sign", "Will w go up or down in the next update?"),
    "x_change_sign": ("sign", "Will x go up or down in the next update?"),
    "loss_change_sign": ("sign", "Will the loss go up or down in the next update?"),
}


# What each prompt asks about: a parameter's name (None: the loss), and whether the sign of its change.
ASKS = {"next_x": ("x", False), "next_y": ("y", False), "next_w": ("w", False), "next_loss": (None, False),
        "w_change_sign": ("w", True), "x_change_sign": ("x", True), "loss_change_sign": (None, True)}


class ClassError(Exception):
    """A refusal with its HTTP status and a sentence to act on (and Retry-After, where waiting helps)."""

    def __init__(self, status: int, detail: str, retry_after_s: int | None = None):
        super().__init__(detail)
        self.status, self.detail, self.retry_after_s = status, detail, retry_after_s


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    data: bytes  # compact JSON

    @property
    def sse(self) -> bytes:
        """The event in text/event-stream format, encoded once and shared by every follower."""
        return b"id: %d\nevent: %s\ndata: %s\n\n" % (self.id, self.kind.encode(), self.data)

    def wire(self) -> str:
        """One line-separated string for Redis lists and pub/sub: id, kind, data."""
        return f"{self.id}\n{self.kind}\n{self.data.decode()}"

    @classmethod
    def from_wire(cls, text: str | bytes) -> "Event":
        if isinstance(text, bytes):
            text = text.decode()
        ident, kind, data = text.split("\n", 2)
        return cls(int(ident), kind, data.encode())


@dataclass
class Snapshot:
    """What a class is now: enough to bring a (re)connecting follower up to date."""

    head: int  # the newest event id
    state: dict
    question: dict | None = None
    counts: list[int] | None = None
    reveal: dict | None = None


def check_state(state: object, max_bytes: int) -> bytes:
    """The teacher's state as compact JSON bytes, or a 422 saying what is wrong."""
    if not isinstance(state, dict):
        raise ClassError(422, "the state must be a JSON object, e.g. {\"lesson\": \"parabola\", \"step\": 3}")
    data = dumps(state)
    if len(data) > max_bytes:
        raise ClassError(422, f"the state is {len(data)} bytes as JSON; at most {max_bytes} are accepted: "
                              "send the settings, not the records")
    return data


def make_question(qid: int, prompt: str, kind: str | None, range_: list[float] | None) -> dict:
    """A question from a fixed prompt; number questions need a range [lo, hi] for their answers."""
    if prompt not in PROMPTS:
        raise ClassError(422, f"prompt: must be one of {', '.join(PROMPTS)}; got {prompt!r}")
    prompt_kind, text = PROMPTS[prompt]
    if kind is not None and kind != prompt_kind:
        raise ClassError(422, f"kind: the prompt {prompt} asks for a {prompt_kind} answer; got {kind!r}")
    question = {"id": qid, "kind": prompt_kind, "prompt": prompt, "text": text}
    if prompt_kind == "sign":
        return {**question, "range": None, "bins": len(SIGN_LABELS), "labels": SIGN_LABELS}
    if range_ is None:
        raise ClassError(422, "range: a number question needs the range of answers shown, [lo, hi]")
    lo, hi = range_
    if not (math.isfinite(lo) and math.isfinite(hi) and -MAX_ABS_NUMBER <= lo < hi <= MAX_ABS_NUMBER):
        raise ClassError(422, f"range: needs finite lo < hi within ±{MAX_ABS_NUMBER:g}; got [{lo}, {hi}]")
    return {**question, "range": [lo, hi], "bins": NUMBER_BINS}


def answer_bin(question: dict, value: float) -> int:
    """The histogram bin of an answer, or a 422 if it is outside what the question accepts."""
    if question["kind"] == "sign":
        if value not in (-1, 0, 1):
            raise ClassError(422, f"value: a sign answer is -1 (down), 0 (no change) or 1 (up); got {value!r}")
        return int(value) + 1
    lo, hi = question["range"]
    if not (isinstance(value, (int, float)) and math.isfinite(value) and lo <= value <= hi):
        raise ClassError(422, f"value: must be a number in [{lo:g}, {hi:g}], the question's range; got {value!r}")
    return min(question["bins"] - 1, int((value - lo) / (hi - lo) * question["bins"]))


def check_reveal(question: dict, value: float) -> float:
    if question["kind"] == "sign":
        answer_bin(question, value)
        return value
    if not math.isfinite(value) or abs(value) > MAX_ABS_NUMBER:
        raise ClassError(422, f"value: must be a finite number within ±{MAX_ABS_NUMBER:g}; got {value!r}")
    return value


def answers_data(qid: int, counts: list[int]) -> dict:
    return {"question": qid, "counts": counts, "n": sum(counts)}


def initial_events(snap: Snapshot, log: list[Event], last_id: int | None) -> list[Event]:
    """What a follower gets on (re)connecting, before live events (see the module docstring)."""
    if last_id is not None and log and log[0].id <= last_id + 1 and last_id <= snap.head:
        replay = [e for e in log if e.id > last_id and e.kind != "state"]
        return [Event(last_id, "state", dumps(snap.state)), *replay]
    if last_id is not None and not log and last_id == snap.head:
        return [Event(last_id, "state", dumps(snap.state))]
    events = [Event(snap.head, "state", dumps(snap.state))]
    if snap.question is not None:
        events.append(Event(snap.head, "question", dumps(snap.question)))
        events.append(Event(snap.head, "answers", dumps(answers_data(snap.question["id"], snap.counts))))
        if snap.reveal is not None:
            events.append(Event(snap.head, "reveal", dumps(snap.reveal)))
    return events


def _single(value: object, name: str) -> float | None:
    """A parameter that holds one number (x, or the NOT gate's 1x1 w) as a float; None if not finite."""
    flat = value
    while isinstance(flat, list) and len(flat) == 1:
        flat = flat[0]
    if isinstance(flat, list):
        raise ClassError(422, f"run: {name} is not a single number in this lesson, so this question cannot be revealed "
                              "from it; send the value instead")
    return flat


def true_value(prompt: str, records: list[dict], step: int) -> float:
    """The answer to `prompt` at `step` from a run's records (plain data): the value after the update
    from `step` to `step + 1`, or the sign of its change."""
    name, sign = ASKS[prompt]
    if len(records) < step + 2:
        raise ClassError(422, f"run: the run stopped before step {step + 1} (it diverged, stalled or timed out), "
                              "so there is no next value to reveal")
    if name is None:
        before, after = records[step]["loss"], records[step + 1]["loss"]
    else:
        if name not in records[step]["params"]:
            raise ClassError(422, f"run: this lesson has no parameter {name}; its parameters are "
                                  f"{', '.join(records[step]['params'])}")
        before, after = (_single(records[i]["params"][name], name) for i in (step, step + 1))
    if after is None or (sign and before is None):
        raise ClassError(422, "run: the next value is not a finite number (the run diverged)")
    if sign:
        return float((after > before) - (after < before))
    return float(after)
