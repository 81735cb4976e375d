/**
 * `npm run dashboard`: the dashboard with a worker in the same process, on the memory driver (no Redis needed),
 * applying one of the example pipelines every few seconds. Open the printed address; stop with Ctrl-C.
 *   PORT=5555 npm run dashboard
 */
import { chain, chord, createApp, group } from '../index.js';
import { registerDashboardTasks } from './dashboard-tasks.js';
import { crawl } from './pipeline.js';
import { startSite } from './site.js';
import { registerTasks } from './tasks.js';

const app = createApp({ driver: 'memory' });
const tasks = registerTasks(app);
const show = registerDashboardTasks(app);
const site = await startSite();
app.worker({ concurrency: 8 });

const pipelines = [
  () => crawl(tasks, site.urls),
  () => chord(Array.from({ length: 12 }, (_, i) => show.square.s(i + 1)), show.total.s()),
  () => chain(show.flaky.s(1), show.square.s(), group(show.square.s(2), show.square.s(3)), show.total.s()),
  () => chain(show.square.s(4), show.explode.si('the warehouse is closed')).linkError(show.notify.s()),
  () => chain(show.fanOut.s(5), show.total.s()),
  () => chord(Array.from({ length: 300 }, (_, i) => show.square.s(i)), show.total.s()),
];

const dashboard = await app.dashboard({ port: Number(process.env.PORT ?? 5555) });
console.log(`celeriac dashboard on ${dashboard.url} (memory driver, a worker in this process); Ctrl-C to stop`);

let next = 0;
const applyOne = async () => {
  const canvas = pipelines[next++ % pipelines.length]!();
  await app.apply(canvas).catch((error: Error) => console.error(`apply failed: ${error.message}`));
};
await applyOne();
const timer = setInterval(() => void applyOne(), Number(process.env.EVERY_MS ?? 4000));

const stop = async () => {
  clearInterval(timer);
  await Promise.all([app.close(), site.close()]);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
