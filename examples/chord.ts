/**
 * A chord: a group (the header) whose ordered results are handed, as one list, to a body task.
 * The body runs once, after every header member succeeded.
 */
import { chord, type App, type Json } from '../index.js';
import { runStandalone } from './standalone.js';
import { registerTasks, type ExampleTasks } from './tasks.js';

/**
 * Squares 1..10 in parallel, then sums the squares: xsum([1, 4, 9, ..., 100]) = 385.
 * @example
 * const app = createApp({ driver: 'memory' });
 * app.worker({ concurrency: 8 });
 * await main(app); // 385
 */
export async function main(app: App, tasks: ExampleTasks = registerTasks(app)): Promise<Json> {
  const { mul, xsum } = tasks;
  const squares = Array.from({ length: 10 }, (_, i) => mul.s(i + 1, i + 1));
  const result = await app.apply(chord(squares, xsum.s()));
  return result.get({ timeout: 10_000 });
}

await runStandalone(import.meta.url, main);
