"""The live class's parts without HTTP: codes, bins, the catch-up rule, the fan-out hub, the limiter."""

import pytest

from gradplay.api.classes import codes, model
from gradplay.api.classes.hub import DROPPED, QUEUE_SIZE, Follower, Hub
from gradplay.api.classes.limiter import MissLimiter
from gradplay.api.classes.model import ClassError, Event, Snapshot, initial_events


def test_codes_are_seven_unambiguous_characters_and_tokens_are_stored_hashed():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200 and all(len(c) == 7 and set(c) <= set(codes.ALPHABET) for c in made)
    assert codes.normalize(" ad-3f 7h\n") is None  # 6 characters
    assert codes.normalize("ad3-f7hk") == "AD3F7HK"
    assert codes.normalize("AD3F7H0") is None  # 0 is not in the alphabet
    token = codes.new_token()
    assert codes.token_matches(token, codes.token_hash(token)) and not codes.token_matches(token + "x", codes.token_hash(token))
    assert codes.token_hash(token) != token


def test_number_answers_fall_in_twenty_equal_bins_and_signs_in_three():
    q = model.make_question(1, "next_loss", None, [0.0, 2.0])
    assert [model.answer_bin(q, v) for v in (0.0, 0.0999, 0.1, 1.0, 1.999, 2.0)] == [0, 0, 1, 10, 19, 19]
    s = model.make_question(2, "w_change_sign", "sign", None)
    assert [model.answer_bin(s, v) for v in (-1, 0, 1)] == [0, 1, 2]
    with pytest.raises(ClassError) as err:
        model.answer_bin(q, 2.01)
    assert err.value.status == 422


def _log(*kinds):
    return [Event(i + 1, k, b"{}") for i, k in enumerate(kinds)]


def test_catch_up_state_first_then_the_missed_events_or_a_snapshot():
    log = _log("state", "question", "answers", "state", "answers")
    snap = Snapshot(5, {"step": 2}, {"id": 1, "bins": 3}, [0, 1, 1], None)
    got = initial_events(snap, log, 2)
    assert [(e.id, e.kind) for e in got] == [(2, "state"), (3, "answers"), (5, "answers")]
    assert got[0].data == b'{"step":2}'
    assert [(e.id, e.kind) for e in initial_events(snap, log, 5)] == [(5, "state")]
    fresh = [(e.id, e.kind) for e in initial_events(snap, log, None)]
    assert fresh == [(5, "state"), (5, "question"), (5, "answers")]
    # an id the log no longer covers, or one from the future (another class, a lost store): a snapshot
    assert [(e.id, e.kind) for e in initial_events(snap, log[3:], 1)] == fresh
    assert [(e.id, e.kind) for e in initial_events(snap, log, 9)] == fresh


async def test_a_slow_follower_is_dropped_without_holding_up_the_others():
    hub = Hub()
    slow, quick = Follower("C"), Follower("C")
    hub.add(slow)
    hub.add(quick)
    for i in range(QUEUE_SIZE + 1):
        hub.publish("C", Event(i + 1, "state", b"{}"))
        quick.queue.get_nowait()  # the quick one keeps up
    assert slow.dropped and hub.dropped == 1 and hub.count("C") == 1
    assert slow.queue.qsize() == 1 and slow.queue.get_nowait() is DROPPED  # its stream ends; it reconnects
    hub.publish("C", Event(99, "state", b"{}"))
    assert quick.queue.get_nowait().id == 99


def test_the_miss_limiter_counts_per_address_and_per_minute():
    now = [0.0]
    limiter = MissLimiter(2, clock=lambda: now[0])
    limiter.miss("a")
    assert limiter.retry_after("a") is None
    limiter.miss("a")
    assert limiter.retry_after("a") == 60 and limiter.retry_after("b") is None
    now[0] = 59.5
    assert limiter.retry_after("a") == 1
    now[0] = 60.0
    assert limiter.retry_after("a") is None


def test_true_value_reads_the_step_after_the_one_shown():
    records = [{"loss": 4.0, "params": {"w": [[0.5]], "b": [[0.1]]}}, {"loss": 3.0, "params": {"w": [[0.7]], "b": [[0.1]]}},
               {"loss": None, "params": {"w": [[None]], "b": [[0.1]]}}]
    assert model.true_value("next_w", records, 0) == 0.7  # the NOT gate's 1x1 w is one number
    assert model.true_value("w_change_sign", records, 0) == 1.0
    assert model.true_value("loss_change_sign", records, 0) == -1.0
    assert model.true_value("next_loss", records, 0) == 3.0
    for prompt, step, words in (("next_w", 1, "not a finite number"), ("next_w", 2, "stopped before step 3"),
                                ("next_x", 0, "no parameter x")):
        with pytest.raises(ClassError, match=words):
            model.true_value(prompt, records, step)
    matrix = [{"loss": 1.0, "params": {"w": [[1.0, 2.0]]}}, {"loss": 0.5, "params": {"w": [[1.5, 2.0]]}}]
    with pytest.raises(ClassError, match="not a single number"):
        model.true_value("next_w", matrix, 0)
