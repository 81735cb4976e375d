/**
 * The examples' app with its tasks registered, for the command line and for the demo:
 *   REDIS_URL=redis://127.0.0.1:6379 npx celeriac worker --app examples/app.ts
 * The driver is Redis when REDIS_URL is set, else memory. CELERIAC_PREFIX overrides the key prefix
 * (the tests use it so that each run has its own keys).
 */
import { createApp } from '../index.js';
import { registerTasks } from './tasks.js';

export const app = createApp({ prefix: process.env.CELERIAC_PREFIX ?? 'celeriac-examples' });
export const tasks = registerTasks(app);
export default app;
