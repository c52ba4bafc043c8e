/**
 * Playback: advances the step shown at the chosen speed, waiting for a streamed run to catch up.
 * At speed Infinity ("max": as fast as it trains) a page that shows the newest record keeps showing
 * the newest one each frame, however many arrived since the last; one that is behind (play pressed on
 * records already received, or a finished run replayed) moves at the pace the run trained at. A frame
 * sets the step once, so redraws never queue behind the stream.
 */

import { CHANGE } from './store.js';

const FRAME_PACE = 60;  // steps/s at max when a run's pace is unknown (it came in one answer): one a frame

/** Steps per second the run's records arrived at, while it streamed. */
function pace(d) {
  const a = d.arrived;
  const n = d.records.length;
  return a && n > 1 && a.last > a.first ? ((n - 1) * 1000) / (a.last - a.first) : FRAME_PACE;
}

export function createPlayer(store, actions) {
  let frame = 0;
  let last = 0;
  let owed = 0;  // fractional steps carried between frames
  let seen = 0;  // the newest record at the last frame: a step that had reached it is following the stream

  function tick(now) {
    frame = 0;
    const s = store.state;
    if (!s.playing) return;
    const d = s.data[s.lesson];
    const available = Math.max(0, d.records.length - 1);
    const following = s.speed === Infinity && s.step >= seen;
    owed += ((now - last) / 1000) * (s.speed === Infinity ? pace(d) : s.speed);
    last = now;
    seen = available;
    const whole = following ? available - s.step : Math.floor(owed);
    if (following) owed = 0;
    if (whole > 0) {
      owed -= following ? 0 : whole;
      actions.setStep(Math.min(s.step + whole, available));
    }
    if (d.complete && s.step >= available) return actions.pause();
    frame = requestAnimationFrame(tick);
  }

  store.subscribe((kind) => {
    if (kind !== CHANGE.playing && kind !== CHANGE.lesson) return;
    if (store.state.playing && !frame) {
      const d = store.state.data[store.state.lesson];
      last = performance.now();
      owed = 1;  // the first step shows at once: a press of play answers immediately
      seen = Math.max(0, d.records.length - 1);
      frame = requestAnimationFrame(tick);
    }
  });
}
