"""Playing classify as fast as it trains: speed `max` is the lesson's own, offered by the speed control and
round-tripped by the URL; while a run streams each frame shows the newest record; a run already received
replays at its own pace instead of jumping to the end; the counters say Epoch."""

from tests.browser.pages import TIMEOUT_MS, wait_until

LONG = "&steps=10000&hidden=8,8,8,8,8,8"  # still streaming however fast the machine: the frames sampled stay live


def state(w) -> dict:
    return w.page.evaluate("""() => { const s = window.gradplay.store.state;
      return {speed: s.speed, step: s.step, playing: s.playing, n: s.data[s.lesson].records.length,
              complete: s.data[s.lesson].complete}; }""")


def open_link(w, hash_: str) -> None:
    if w.page.url.startswith(w.base):
        w.page.goto("about:blank")
    w.page.goto(f"{w.base}/#{hash_}")
    w.page.wait_for_selector("#readout[data-step]", timeout=TIMEOUT_MS)


def test_classify_defaults_to_max_and_counts_epochs(watched):
    open_link(watched, "lesson=classify&steps=30")
    assert state(watched)["speed"] == float("inf")
    assert watched.page.input_value("#speed") == "max"
    labels = watched.page.locator("#speed option").all_text_contents()
    assert labels[0] == "1 epoch/s" and labels[2] == "5 epochs/s" and labels[-1] == "max"
    assert watched.page.text_content("#readout [data-part='step']").startswith("Epoch 0 of ")
    assert watched.page.text_content("label[for='step-slider']") == "Epoch"
    # another lesson: a speed nobody chose is that lesson's own, and its steps are steps again
    watched.page.click("#tab-parabola")
    wait_until(lambda: watched.page.input_value("#speed") == "5", what="parabola's 5 steps/s")
    wait_until(lambda: watched.page.text_content("#readout [data-part='step']").startswith("Step "),
               what="the readout counting steps again")
    assert watched.page.locator("#speed option").all_text_contents()[-1] == "max"
    assert watched.page.get_attribute("#speed option[value='max']", "title") == "as fast as it trains: each frame shows the newest step"
    # a speed someone chose stays when the lesson changes
    watched.page.select_option("#speed", "10")
    watched.page.click("#tab-classify")
    wait_until(lambda: state(watched)["speed"] == 10, what="the chosen 10 steps/s kept")


def test_speed_max_round_trips_through_the_url(watched):
    open_link(watched, "lesson=parabola&speed=max")
    assert state(watched)["speed"] == float("inf") and watched.page.input_value("#speed") == "max"
    watched.page.select_option("#speed", "2")
    watched.page.select_option("#speed", "max")
    link = wait_until(lambda: (h := watched.page.evaluate("location.hash")) and "speed=max" in h and h, what="speed=max")
    open_link(watched, link[1:])
    assert state(watched)["speed"] == float("inf")
    open_link(watched, "lesson=classify&speed=20")  # a link's own speed wins over the lesson's
    assert state(watched)["speed"] == 20 and watched.page.input_value("#speed") == "20"
    open_link(watched, "lesson=classify&speed=fast")  # not a speed: the lesson's own
    assert state(watched)["speed"] == float("inf")


SAMPLE_FRAMES = """async (count) => {
  const s = window.gradplay.store.state;
  const out = [];
  for (let i = 0; i < count; i++) {
    // a callback queued now runs after the player's tick of the next frame (queued in the frame before)
    await new Promise((r) => requestAnimationFrame(r));
    const d = s.data.classify;
    out.push({step: s.step, newest: d.records.length - 1, complete: d.complete, playing: s.playing,
              shown: Number(document.querySelector('#classify-stats [data-part="epoch"]').textContent),
              readout: document.querySelector('#readout [data-part="step"]').textContent});
  }
  return out;
}"""


def test_max_shows_the_newest_record_every_frame(watched):
    open_link(watched, f"lesson=classify{LONG}")
    # a new run (this restarts the stream) with play pressed before its first record: the page follows it live
    watched.page.evaluate("() => { window.gradplay.actions.setOption('noise', 5); window.gradplay.actions.play(); }")
    wait_until(lambda: state(watched)["n"] > 20, timeout_s=60, what="20 epochs streamed")
    frames = watched.page.evaluate(SAMPLE_FRAMES, 30)
    live = [f for f in frames if not f["complete"]]
    assert len(live) == 30 and all(f["playing"] for f in live)
    assert all(f["step"] == f["newest"] for f in live)  # the newest record received, in every frame
    # the views draw a frame's step in the next frame: the counter is never more than one frame behind
    for before, f in zip(live, live[1:]):
        assert before["step"] <= f["shown"] <= f["step"]
        assert f["readout"].startswith(f"Epoch {f['shown']} of ")
    assert live[-1]["step"] > live[0]["step"]  # it moved
    watched.page.evaluate("() => window.gradplay.actions.pause()")


def test_max_replays_a_received_run_at_its_pace(watched):
    open_link(watched, "lesson=classify&steps=300")
    wait_until(lambda: state(watched)["complete"], timeout_s=60, what="the run streamed to its end")
    watched.page.evaluate("() => window.gradplay.actions.play()")
    first = watched.page.evaluate(SAMPLE_FRAMES, 2)[-1]
    assert first["playing"] and 0 < first["step"] < first["newest"] == 300  # no jump to the end
    end = wait_until(lambda: (s := state(watched)) and not s["playing"] and s, timeout_s=60, what="the replay's end")
    assert end["step"] == 300
