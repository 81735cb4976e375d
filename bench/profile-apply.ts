/**
 * `node --cpu-prof --import tsx bench/profile-apply.ts [members] [redis-url]`: how long applying a chord of
 * `members` (default 100,000) takes, with no worker running, so that a CPU profile shows where the apply's
 * time goes. Its keys and queues are deleted afterwards.
 */
import { Redis } from 'ioredis';
import { deleteKeys } from './redis-stats.js';
import { chord, createApp, group } from '../index.js';

const members = Number(process.argv[2] ?? 100_000);
const url = process.argv[3] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-apply-${process.pid}`;
const admin = new Redis(url);
const app = createApp({ redis: url, prefix });
const add = app.task('add', (x: number, y: number) => x + y);
const xsum = app.task('xsum', (values: number[]) => values.reduce((a, b) => a + b, 0));
try {
  const canvas = chord(group(Array.from({ length: members }, (_, i) => add.s(i, 1))), xsum.s());
  const started = performance.now();
  await app.apply(canvas);
  const ms = performance.now() - started;
  const rss = process.memoryUsage().rss;
  console.log(`apply of a chord of ${members.toLocaleString('en-US')}: ${ms.toFixed(0)} ms, RSS ${(rss / 1e6).toFixed(0)} MB after`);
} finally {
  await app.close();
  await deleteKeys(admin, prefix);
  await admin.quit();
}
