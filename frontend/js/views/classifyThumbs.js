/**
 * The dataset buttons' thumbnails: each of TensorFlow Playground's four datasets drawn as dots on
 * its button's canvas, from the exact points POST /api/datasets gives (the lesson module asks).
 */

import { CLASS_COLOURS, DOMAIN } from './classifyPictures.js';

const DOT = 1.6;  // px on a 64 px canvas

/** Draw `points` ([[x1, x2, label]]) on a canvas over the data's square. */
export function drawDots(canvas, points) {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  for (const [x, y, label] of points) {
    ctx.fillStyle = CLASS_COLOURS[label ? 1 : 0];
    ctx.beginPath();
    ctx.arc(((x + DOMAIN) / (2 * DOMAIN)) * w, (1 - (y + DOMAIN) / (2 * DOMAIN)) * h, DOT, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** The thumbnails as a view: drawn the first time the lesson is shown (not when another lesson opens the page). */
export function createThumbsView(el, datasets, samples) {
  let asked = false;
  return {
    reset() {},
    render() {
      if (!asked) drawThumbs(el, datasets, samples);
      asked = true;
    },
  };
}

/** Every `[data-dataset]` button's canvas in `el`, from the server's points; a refusal leaves it blank. */
async function drawThumbs(el, datasets, samples) {
  const api = await import('../core/api.js');
  await Promise.all(datasets.map(async (dataset) => {
    const canvas = el.querySelector(`[data-dataset="${dataset}"] canvas`);
    try {
      const { train, test } = await api.dataset({ dataset, samples });
      drawDots(canvas, [...train, ...test]);
    } catch {
      // a thumbnail is decoration: the button's name still says which dataset it is
    }
  }));
}
