/**
 * `node --cpu-prof --import tsx bench/profile-independent.ts [tasks] [redis-url]`: Celeriac alone running
 * `tasks` independent single-task workflows (default 2,000, after a warm-up of the same size), so that a CPU
 * profile shows where a task's time goes in the process that applies and runs it, without the raw side.
 */
import { Redis } from 'ioredis';
import { deleteKeys } from './redis-stats.js';
import { createApp } from '../index.js';

const tasks = Number(process.argv[2] ?? 2000);
const url = process.argv[3] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-profile-${process.pid}`;
const admin = new Redis(url);
const app = createApp({ redis: url, prefix });
const add = app.task('add', (x: number, y: number) => x + y);
app.worker({ concurrency: 50 });
const run = async () => {
  const values = await Promise.all(Array.from({ length: tasks }, async (_, i) => (await add.delay(i, 1)).get({ timeout: 120_000 })));
  if (values.some((v, i) => v !== i + 1)) throw new Error('wrong results');
};
try {
  await run();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const { user, system } = process.cpuUsage(cpu);
  console.log(`${tasks} tasks in ${(performance.now() - started).toFixed(0)} ms, ${Math.round((user + system) / tasks)} µs CPU per task`);
} finally {
  await app.close();
  await deleteKeys(admin, prefix);
  await admin.quit();
}
