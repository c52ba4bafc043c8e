/**
 * What the classroom settings may hold: the controls a teacher may hide, the race's finish rules
 * and its size. The settings themselves live in the one state object (core/state.js) and travel
 * in the URL through core/urlState.js's table.
 */

// What a teacher may hide with `hide=` (presenter.js knows where each one is on the page).
export const HIDEABLE = ['tabs', 'transport', 'readout', 'toolbar', 'lr', 'optimizer', 'hyper', 'steps', 'speed',
  'step', 'options', 'banner', 'formula', 'table'];
export const FINISH_RULES = ['threshold', 'final'];
export const MAX_RACERS = 6;  // Okabe-Ito has seven colours; yellow is unreadable on white
