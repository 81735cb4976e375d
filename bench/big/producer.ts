/**
 * The producer process of the `--big` chord (bench/big-chord.ts), one side per run:
 *
 *   tsx bench/big/producer.ts celeriac|raw MEMBERS   (REDIS_URL, BENCH_PREFIX, BENCH_TIMEOUT_MS from the environment)
 *
 * Celeriac: `app.apply(chord(MEMBERS × add(i, 1), xsum))` on an app with no worker, then `result.get()`.
 * Raw BullMQ: `flow.add()` of a parent `xsum` with MEMBERS `add` children, then `waitUntilFinished` on a
 * QueueEvents (the worker is in another process, so its events are how a producer hears of the parent).
 * Prints {"appliedMs"} once apply()/flow.add() resolves, then {"doneMs", "maxRssBytes"} with the checked
 * sum, or {"error"}. The clock starts after connections are open.
 */
import { FlowProducer, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { chord, createApp, signature } from '../../index.js';

const [side, count] = process.argv.slice(2);
const members = Number(count);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.BENCH_PREFIX!;
const timeout = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
const expected = (members * (members + 1)) / 2;
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function celeriac(): Promise<void> {
  const app = createApp({ redis: url, prefix });
  try {
    const header = Array.from({ length: members }, (_, i) => signature('add', [i, 1]));
    const canvas = chord(header, signature('xsum'));
    const start = performance.now();
    const result = await app.apply<number>(canvas);
    say({ appliedMs: performance.now() - start });
    const sum = await result.get({ timeout });
    finish(start, sum);
  } finally {
    await app.close();
  }
}

async function raw(): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const flow = new FlowProducer({ connection, prefix });
  // QueueEvents blocks on XREAD, so it has a connection of its own.
  const blocking = new Redis(url, { maxRetriesPerRequest: null });
  const events = new QueueEvents('default', { connection: blocking, prefix });
  try {
    await events.waitUntilReady();
    const children = Array.from({ length: members }, (_, i) => ({ name: 'add', queueName: 'default', data: { x: i, y: 1 } }));
    const start = performance.now();
    const node = await flow.add({ name: 'xsum', queueName: 'default', data: {}, children });
    say({ appliedMs: performance.now() - start });
    const sum: unknown = await node.job.waitUntilFinished(events, timeout);
    finish(start, sum);
  } finally {
    await events.close();
    await flow.close();
    await Promise.all([connection.quit(), blocking.quit()]);
  }
}

function finish(start: number, sum: unknown): void {
  const doneMs = performance.now() - start;
  if (sum !== expected) throw new Error(`wrong sum: expected ${expected}, got ${JSON.stringify(sum)}`);
  say({ doneMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
}

try {
  if (side === 'celeriac') await celeriac();
  else if (side === 'raw') await raw();
  else throw new Error(`expected celeriac or raw, got ${side}`);
} catch (error) {
  say({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}
