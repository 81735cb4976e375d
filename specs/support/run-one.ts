import { plan } from '../../canvas/plan.js';
import { Signature } from '../../canvas/signature.js';
import type { PlannedTask } from '../../canvas/plan.js';
import { systemClock } from '../../engine/ports/clock.js';
import { TaskRegistry, type TaskHandler } from '../../engine/registry.js';
import { runHandler, type AttemptResult, type RunLimits } from '../../engine/runtime/run-handler.js';
import { onceFor } from '../../engine/runtime/once.js';
import { MemoryResultStore } from '../../adapters/memory/memory-result-store.js';
import type { Json } from '../../index.js';

/** Runs `handler` once through the runner, as a worker would run a task registered under `name`. */
export async function runOne(handler: TaskHandler, args: Json[] = [], limits: RunLimits = {}, name = 'probe'): Promise<AttemptResult> {
  const registry = new TaskRegistry();
  registry.register(name, handler);
  const planned = plan(new Signature(name, args, false), { workflowId: 'wf', now: 0, taskDefaults: (task) => registry.get(task)?.options });
  const node = Object.values(planned.nodes).find((each) => each.kind === 'task') as PlannedTask;
  const context = { taskId: `wf:${node.id}`, workflowId: 'wf', nodeId: node.id, taskName: name, attempt: 1, retries: 0, idempotencyKey: `wf:${node.id}` };
  const once = onceFor(new MemoryResultStore(systemClock), 'wf', context.idempotencyKey);
  return runHandler(registry, node, args, { ...context, once }, systemClock, limits);
}
