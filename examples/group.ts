/**
 * A group: the members run in parallel, and the result lists their results in member order,
 * whichever finished first.
 */
import { group, type App, type Json } from '../index.js';
import { runStandalone } from './standalone.js';
import { registerTasks, type ExampleTasks } from './tasks.js';

/**
 * Doubles 0..9 in parallel (add(i, i) for each i) and returns [0, 2, 4, ..., 18].
 * @example
 * const app = createApp({ driver: 'memory' });
 * app.worker({ concurrency: 8 });
 * await main(app); // [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]
 */
export async function main(app: App, tasks: ExampleTasks = registerTasks(app)): Promise<Json> {
  const { add } = tasks;
  const doubles = group(Array.from({ length: 10 }, (_, i) => add.s(i, i)));
  const result = await app.apply(doubles);
  return result.get({ timeout: 10_000 });
}

await runStandalone(import.meta.url, main);
