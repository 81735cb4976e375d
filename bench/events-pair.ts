/**
 * `npx tsx bench/events-pair.ts [--runs N] [--redis URL]`: what events and metrics cost. The same shapes
 * (2,000 independent tasks; a chord of 1,000) run alternately with `events: false` and with events on (the
 * default), in one process, and the table gives the median time and Redis commands per task of each side.
 * Metrics are counted in both (they are in-process and always on). Command counts are server-wide: use a
 * Redis of your own (`--redis`) for exact ones.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { chord, createApp, type App } from '../index.js';
import { delta, deleteKeys, settle, total } from './redis-stats.js';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '3' }, redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } } });
const runs = Number(flags.runs);
const url = flags.redis!;
const admin = new Redis(url);
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

type Shape = { name: string; tasks: number; run: (app: App) => Promise<void> };
const shapes: Shape[] = [
  {
    name: '2,000 independent tasks',
    tasks: 2000,
    run: async (app) => {
      await Promise.all(Array.from({ length: 2000 }, async (_, i) => (await app.apply(app.signature('add', [i, 1]))).get({ timeout: 120_000 })));
    },
  },
  {
    name: 'chord of 1,000',
    tasks: 1001,
    run: async (app) => {
      await (await app.apply(chord(Array.from({ length: 1000 }, (_, i) => app.signature('add', [i, 1])), app.signature('xsum')))).get({ timeout: 120_000 });
    },
  },
];

async function once(shape: Shape, events: boolean): Promise<{ ms: number; commands: number }> {
  const prefix = `bench-events-${events ? 'on' : 'off'}-${Math.random().toString(36).slice(2, 8)}`;
  const app = createApp({ redis: url, prefix, logger: quiet, ...(events ? {} : { events: false }) });
  const add = app.task('add', (x: number, y: number) => x + y);
  app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
  app.worker({ concurrency: 50 });
  try {
    await (await add.delay(1, 1)).get({ timeout: 10_000 });
    const before = await settle(admin);
    const started = performance.now();
    await shape.run(app);
    const ms = performance.now() - started;
    const after = await settle(admin);
    return { ms, commands: total(delta(before, after)) / shape.tasks };
  } finally {
    await app.close();
    await deleteKeys(admin, prefix);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| shape | events off: median ms | events on: median ms | cost | commands/task off | on |`);
console.log(`|---|--:|--:|--:|--:|--:|`);
for (const shape of shapes) {
  const off: Array<{ ms: number; commands: number }> = [];
  const on: Array<{ ms: number; commands: number }> = [];
  for (let i = 0; i < runs; i++) {
    off.push(await once(shape, false));
    on.push(await once(shape, true));
  }
  const [a, b] = [median(off.map((r) => r.ms)), median(on.map((r) => r.ms))];
  console.log(`| ${shape.name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(((b - a) / a) * 100).toFixed(1)}% | ${median(off.map((r) => r.commands)).toFixed(2)} | ${median(on.map((r) => r.commands)).toFixed(2)} |`);
}
await admin.quit();
