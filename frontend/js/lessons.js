/** Which views each lesson shows and where: the page's panels, each with its view module. */

import { createBannerView } from './views/banner.js';
import { createFormulaView } from './views/formula.js';
import { createLandscapeView } from './views/landscape.js';
import { createLossChartView } from './views/lossChart.js';
import { createNetworkView } from './views/network.js';
import { createNeuronView } from './views/neuron.js';
import { createParabolaView } from './views/parabola.js';
import { createParamsChartView } from './views/paramsChart.js';
import { createReadoutView } from './views/readout.js';
import { createSigmoidFitView } from './views/sigmoidFit.js';
import { createStepTableView } from './views/stepTable.js';

export function createViews(doc, actions) {
  const $ = (id) => doc.getElementById(id);
  return {
    lessons: {
      parabola: [
        createParabolaView($('parabola-curve'), { onPickX0: (x) => actions.setX0(x) }),
        createFormulaView($('parabola-formula')),
        createLossChartView($('parabola-loss')),
        createStepTableView($('parabola-table')),
      ],
      not_gate: [
        createNeuronView($('notgate-neuron')),
        createSigmoidFitView($('notgate-fit')),
        createLandscapeView($('notgate-landscape')),
        createParamsChartView($('notgate-params')),
        createLossChartView($('notgate-loss')),
      ],
      network: [
        createNetworkView($('network-graph')),
        createLossChartView($('network-loss')),
      ],
    },
    readout: createReadoutView($('readout')),
    banner: createBannerView($('banner')),
  };
}
