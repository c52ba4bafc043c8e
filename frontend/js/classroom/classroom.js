/**
 * The classroom features, wired to the page: their actions, presenter mode and hidden controls,
 * the hyperparameter boxes, links, keys, the tour, the code panel and the optimizer race. Each
 * is its own module; this one only builds them and decides which side panels are showing.
 */

import { addClassroomActions } from './actions.js';
import { createPresenter } from './presenter.js';
import { createHyper } from './hyper.js';
import { createShare } from './share.js';
import { createKeys } from '../core/keys.js';
import { createTour } from './tour.js';
import { createExports } from './exports.js';
import { createRace } from './race.js';
import { createMenu } from './menu.js';

export function createClassroom(doc, store, actions, loader, app) {
  const $ = (id) => doc.getElementById(id);
  addClassroomActions(actions, store, loader);
  const race = createRace($('race'), store, actions, doc);
  createPresenter(doc, store, actions, () => { app.renderNow(); race.redraw(); });
  const hyper = createHyper($('hyper'), store, actions, doc);
  const share = createShare(doc, store, actions);
  const menu = createMenu(doc);
  createTour($('tour-panel'), store, actions, doc);
  createExports($('code-panel'), store, actions, doc);

  // Esc closes the innermost thing open: the menu or a popover, then the code panel, then the tour
  const escape = () => menu.close() || share.close() || hyper.close()
    || (store.state.code && (actions.setCode(false), true))
    || (store.state.tour !== null && (actions.closeTour(), true));
  createKeys(doc, actions, { share: () => share.share(), escape });

  const side = $('side');
  const syncSide = () => {
    const open = !$('tour-panel').hidden || !$('code-panel').hidden;  // each panel has just synced itself
    if (side.hidden === open) {
      side.hidden = !open;
      app.schedule();  // the lesson's charts get narrower or wider
    }
  };
  store.subscribe((kind) => { if (kind === 'tour' || kind === 'code' || kind === 'lesson') syncSide(); });
  syncSide();
  doc.documentElement.dataset.classroom = 'ready';
}
