/**
 * A chain: the steps run one after another, and each step's result is prepended to the next step's
 * arguments. `add.s(4)` is a partial signature, so it runs as add(<previous result>, 4).
 */
import { chain, type App, type Json } from '../index.js';
import { runStandalone } from './standalone.js';
import { registerTasks, type ExampleTasks } from './tasks.js';

/**
 * Runs ((2 + 2) + 4) * 8 as a chain and returns 64. The caller runs a worker and closes the app.
 * @example
 * const app = createApp({ driver: 'memory' });
 * app.worker();
 * await main(app); // 64
 */
export async function main(app: App, tasks: ExampleTasks = registerTasks(app)): Promise<Json> {
  const { add, mul } = tasks;
  const result = await app.apply(chain(add.s(2, 2), add.s(4), mul.s(8)));
  return result.get({ timeout: 10_000 });
}

await runStandalone(import.meta.url, main);
