/** Colours for every view: the Okabe-Ito palette (safe for the common colour-vision deficiencies). */

export const OKABE_ITO = {
  black: '#000000', orange: '#E69F00', sky: '#56B4E9', green: '#009E73',
  yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7',
};

export const INK = '#111111';  // text and the function's curve: ~18:1 on white
export const MUTED = '#4d4d4d';  // secondary text, still 8:1 on white
export const GRID = '#d4d4d4';
export const DEAD = '#9a9a9a';  // greyed-out dead ReLUs and their edges

export const TRAIL = OKABE_ITO.blue;  // where the optimizer has been
export const GHOST = OKABE_ITO.sky;  // where it is going (the whole run, faint)
export const POINT = OKABE_ITO.vermillion;  // where it is now
export const TANGENT = OKABE_ITO.green;
export const POSITIVE = OKABE_ITO.blue;  // weights > 0: solid blue
export const NEGATIVE = OKABE_ITO.vermillion;  // weights < 0: dashed vermillion
