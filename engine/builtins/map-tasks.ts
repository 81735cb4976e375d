import type { Json } from '../../canvas/json.js';
import { MAP_TASK, STARMAP_TASK } from '../../canvas/map.js';
import { inputViolation } from '../contracts/violations.js';
import type { TaskRegistry } from '../registry.js';
import { UnrecoverableError, type TaskContext } from '../runtime/context.js';

/**
 * The map and starmap tasks: call a registered task once per item, in order, inside this one task. The
 * inner task's contract is checked for each call; its own options (retries, timeout) do not apply, the map
 * task's do: a map is one unit of work.
 */
export function registerMapTasks(registry: TaskRegistry): void {
  const callEach = (spread: boolean) =>
    async function (this: TaskContext, task: string, items: Json[]): Promise<Json[]> {
      const inner = registry.get(task);
      if (!inner) throw new UnrecoverableError(`${spread ? 'starmap' : 'map'}: task '${task}' is not registered in this worker`);
      const results: Json[] = [];
      for (const [i, item] of items.entries()) {
        const args = spread ? (item as Json[]) : [item];
        const refused = inner.input && inputViolation(task, inner.input, args);
        if (refused) throw new UnrecoverableError(`item ${i}: ${refused}`);
        results.push(((await inner.handler.apply(this, args as never[])) ?? null) as Json);
      }
      return results;
    };
  registry.registerBuiltin(MAP_TASK, callEach(false));
  registry.registerBuiltin(STARMAP_TASK, callEach(true));
}
