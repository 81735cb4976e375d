/**
 * The canvas part of the public entry, for the canvas mutation run (vitest.mutation.canvas.config.ts): index.ts
 * re-exports these unchanged, but importing it loads the engine and the adapters too, about 2 s that every
 * mutant would pay again. Only the names the canvas tests import are here.
 */
export { chain, Chain } from '../../canvas/chain.js';
export { chord, Chord } from '../../canvas/chord.js';
export { group, Group } from '../../canvas/group.js';
export { signature, Signature } from '../../canvas/signature.js';
export { normalize } from '../../canvas/normalize.js';
export { plan } from '../../canvas/plan.js';
export type { PlannedNode } from '../../canvas/plan.js';
export { WorkflowValidationError } from '../../canvas/errors.js';
