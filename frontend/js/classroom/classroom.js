/**
 * The classroom features, wired to the page: presenter mode and hidden controls, the
 * hyperparameter boxes, links, the tour, the code panel, the optimizer race, the live class (their actions are
 * part of the page's one actions object; their keys are in its one key table). Each is its own
 * module; this one only builds them and decides which side panels are showing.
 */

import { CHANGE } from '../core/store.js';
import { createPresenter } from './presenter.js';
import { createHyper } from './hyper.js';
import { createShare } from './share.js';
import { createTour } from './tour.js';
import { createExports } from './exports.js';
import { createRace } from './race.js';
import { createMenu } from './menu.js';
import { createConvergencePanel } from '../convergence/panel.js';
import { createLive } from '../live/live.js';

export function createClassroom(doc, store, actions, app, keys) {
  const $ = (id) => doc.getElementById(id);
  const race = createRace($('race'), store, actions, doc);
  createPresenter(doc, store, actions, () => { app.renderNow(); race.redraw(); });
  const hyper = createHyper($('hyper'), store, actions, doc);
  const share = createShare(doc, store, actions);
  const menu = createMenu(doc);
  createTour($('tour-panel'), store, actions, doc);
  createExports($('code-panel'), store, actions, doc);
  createConvergencePanel($('convergence'), store, actions, doc);
  const live = createLive(doc, store, actions);

  // Esc closes the innermost thing open: the menu or a popover, then the code panel, then the tour
  const escape = () => menu.close() || live.close() || share.close() || hyper.close()
    || (store.state.code && (actions.setCode(false), true))
    || (store.state.tour !== null && (actions.closeTour(), true));
  keys.attach({ share: () => share.share(), escape });

  const side = $('side');
  const syncSide = () => {
    const open = [...side.children].some((panel) => !panel.hidden);  // each panel has just synced itself
    if (side.hidden === open) {
      side.hidden = !open;
      app.schedule();  // the lesson's charts get narrower or wider
    }
  };
  store.subscribe((kind) => { if (kind === CHANGE.tour || kind === CHANGE.code || kind === CHANGE.lesson || kind === CHANGE.live) syncSide(); });
  syncSide();
  doc.documentElement.dataset.classroom = 'ready';
}
