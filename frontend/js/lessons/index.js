/** Which views each lesson shows and where: the page's panels, each with its view module. */

import { createBannerView } from '../views/banner.js';
import { createFormulaView } from '../views/formula.js';
import { createLandscapeView } from '../views/landscape.js';
import { createLossChartView } from '../views/lossChart.js';
import { createNetworkView } from '../views/network.js';
import { createNeuronView } from '../views/neuron.js';
import { createParabolaView } from '../views/parabola.js';
import { createParamsChartView } from '../views/paramsChart.js';
import { createReadoutView } from '../views/readout.js';
import { createSigmoidFitView } from '../views/sigmoidFit.js';
import { createStepTableView } from '../views/stepTable.js';

export function createViews(doc, actions) {
  const $ = (id) => doc.getElementById(id);
  const named = (view, name) => Object.assign(view, { name });
  return {
    lessons: {
      parabola: [
        named(createParabolaView($('parabola-curve'), { onPickX0: (x) => actions.setX0(x) }), 'parabola-curve'),
        named(createFormulaView($('parabola-formula')), 'parabola-formula'),
        named(createLossChartView($('parabola-loss')), 'parabola-loss'),
        named(createStepTableView($('parabola-table')), 'parabola-table'),
      ],
      not_gate: [
        named(createNeuronView($('notgate-neuron')), 'notgate-neuron'),
        named(createSigmoidFitView($('notgate-fit')), 'notgate-fit'),
        named(createLandscapeView($('notgate-landscape')), 'notgate-landscape'),
        named(createParamsChartView($('notgate-params')), 'notgate-params'),
        named(createLossChartView($('notgate-loss')), 'notgate-loss'),
      ],
      network: [
        named(createNetworkView($('network-graph')), 'network-graph'),
        named(createLossChartView($('network-loss')), 'network-loss'),
      ],
    },
    readout: createReadoutView($('readout')),
    banner: createBannerView($('banner')),
  };
}
