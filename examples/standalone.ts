/**
 * What lets each example run on its own (`npx tsx examples/chain.ts`): a fresh app, a worker in this
 * process, the result printed, everything closed so the process exits by itself.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App, type Json } from '../index.js';

/**
 * Runs `main` when `moduleUrl` is the script node was started with, and does nothing when it was imported.
 * The app is in memory, or on Redis when REDIS_URL is set.
 * @example
 * await runStandalone(import.meta.url, main);
 */
export async function runStandalone(moduleUrl: string, main: (app: App) => Promise<Json>): Promise<void> {
  const script = process.argv[1];
  if (script === undefined || resolve(script) !== fileURLToPath(moduleUrl)) return;
  const app = createApp({ prefix: 'celeriac-examples' });
  app.worker();
  try {
    console.log(JSON.stringify(await main(app), null, 2));
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}
