import type { Canvas } from '../../../canvas/canvas.js';
import type { ExpectedOutcome } from '../../../testing/index.js';
import { labelIn } from '../reference/behaviours.js';
import { interpret } from '../reference/interpret.js';

/** What the engine says of a task that expired before it started. */
const expired = 'expired before it started';

/**
 * The reference interpreter's answer as checkWorkflow's oracle: a failure is one of the failures it allows, an
 * expiry a REVOKED for that reason; when both are possible (a group whose members fail and expire), either.
 */
export function expectedOf(canvas: Canvas): ExpectedOutcome {
  const expected = interpret(canvas);
  if (expected.status === 'SUCCESS') return expected;
  const failures = [...expected.possible].filter((p) => !p.startsWith('REVOKED#'));
  const revoked = failures.length < expected.possible.size;
  const failure: ExpectedOutcome = {
    status: 'FAILURE',
    accepts: (f) => failures.includes(`${f.type}#${labelIn(f.message)}`),
    description: `among ${failures.join(' ')}`,
  };
  if (!revoked) return failure;
  const expiry: ExpectedOutcome = { status: 'REVOKED', reason: expired };
  return failures.length === 0 ? expiry : { status: 'ONE_OF', outcomes: [failure, expiry] };
}
