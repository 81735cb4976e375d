/**
 * `npx tsx bench/step.ts [--xstate]`: the cost of one workflow machine step, without any I/O. A chord of 100 (each member's
 * success, and its NODE_SETTLED) and a chain of 100 (each step's success and NODE_SETTLED), stepped many times;
 * reports the median of 7 rounds in microseconds per step.
 */
import { chain, chord, plan, signature } from '../index.js';
import type { Plan } from '../canvas/plan.js';
import { transition } from 'xstate';
import { initialSnapshot, step, workflowMachine, type WorkflowEvent } from '../engine/machine/workflow-machine.js';

const t = (name: string, ...args: number[]) => signature(name, args);

function events(p: Plan): WorkflowEvent[] {
  const tasks = Object.values(p.nodes).filter((n) => n.kind === 'task');
  return [
    { type: 'START', input: undefined, now: 0 },
    ...tasks.flatMap((n): WorkflowEvent[] => [
      { type: 'TASK_SUCCEEDED', nodeId: n.id, value: 1 },
      { type: 'NODE_SETTLED', nodeId: n.id, outcome: { status: 'SUCCESS', value: 1 }, now: 0 },
    ]),
  ];
}

const shapes = {
  'chord of 100': plan(chord(Array.from({ length: 100 }, (_, i) => t('add', i, 1)), t('xsum')), { workflowId: 'w1', now: 0 }),
  'chain of 100': plan(chain(t('add', 0, 1), ...Array.from({ length: 99 }, () => t('add', 1))), { workflowId: 'w2', now: 0 }),
};

for (const [name, p] of Object.entries(shapes)) {
  const list = events(p);
  const rounds: number[] = [];
  for (let round = 0; round < 8; round++) {
    const repeats = 200;
    const started = process.hrtime.bigint();
    for (let i = 0; i < repeats; i++) for (const event of list) step(p, event);
    const us = Number(process.hrtime.bigint() - started) / 1000 / (repeats * list.length);
    if (round > 0) rounds.push(us); // the first round warms the JIT
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name}: ${rounds[3]!.toFixed(2)} µs/step (median of 7 rounds, min ${rounds[0]!.toFixed(2)}), ${list.length} events per pass`);
}

// With --xstate, for comparison: xstate's public transition(), which builds an actor scope on every call.
if (process.argv.includes('--xstate')) {
  const p = shapes['chain of 100'];
  const list = events(p);
  const from = initialSnapshot(p);
  const started = process.hrtime.bigint();
  const repeats = 5;
  for (let i = 0; i < repeats; i++) for (const event of list) transition(workflowMachine, from, event);
  const us = Number(process.hrtime.bigint() - started) / 1000 / (repeats * list.length);
  console.log(`chain of 100 through xstate's transition(): ${us.toFixed(2)} µs/step (one pass of ${repeats} rounds)`);
}
