/** Playback: advances the step shown at the chosen speed, waiting for a streamed run to catch up. */

import { CHANGE } from './store.js';

export function createPlayer(store, actions) {
  let frame = 0;
  let last = 0;
  let owed = 0;  // fractional steps carried between frames

  function tick(now) {
    frame = 0;
    const s = store.state;
    if (!s.playing) return;
    owed += ((now - last) / 1000) * s.speed;
    last = now;
    const whole = Math.floor(owed);
    if (whole > 0) {
      owed -= whole;
      const d = s.data[s.lesson];
      const available = Math.max(0, d.records.length - 1);
      actions.setStep(Math.min(s.step + whole, available));
      if (d.complete && s.step >= available) return actions.pause();
    }
    frame = requestAnimationFrame(tick);
  }

  store.subscribe((kind) => {
    if (kind !== CHANGE.playing && kind !== CHANGE.lesson) return;
    if (store.state.playing && !frame) {
      last = performance.now();
      owed = 1;  // the first step shows at once: a press of play answers immediately
      frame = requestAnimationFrame(tick);
    }
  });
}
