import type { Canvas } from '../../../canvas/canvas.js';
import type { ExpectedOutcome } from '../../../testing/index.js';
import { labelIn } from '../reference/behaviours.js';
import { interpret } from '../reference/interpret.js';

/** The reference interpreter's answer as checkWorkflow's oracle: a failure is one of the outcomes it allows. */
export function expectedOf(canvas: Canvas): ExpectedOutcome {
  const expected = interpret(canvas);
  if (expected.status === 'SUCCESS') return expected;
  const possible = expected.possible;
  return {
    status: 'FAILURE',
    accepts: (failure) => possible.has(`${failure.type}#${labelIn(failure.message)}`),
    description: `among ${[...possible].join(' ')}`,
  };
}
