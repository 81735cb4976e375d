/**
 * The raw BullMQ worker process of the `--big` chord (bench/big-chord.ts): the bench's `addOrSum` processor
 * on queue `default` under $BENCH_PREFIX, concurrency $BENCH_CONCURRENCY, until SIGTERM.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { addOrSum } from '../harness.js';

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const worker = new Worker('default', addOrSum(), { connection, prefix: process.env.BENCH_PREFIX!, concurrency: Number(process.env.BENCH_CONCURRENCY ?? 50) });
worker.on('error', (error) => console.error(`raw worker error: ${error.message}`));
await worker.waitUntilReady();
console.log(`raw worker ready: pid=${process.pid}`);
process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await connection.quit();
    process.exit(0);
  })();
});
