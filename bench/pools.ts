/**
 * `npm run bench:pools [-- --tasks 4 --ms 300 --rounds 3]`: `--tasks` CPU-bound handlers of about `--ms` ms
 * each (a fixed amount of arithmetic, calibrated on this machine first), run at concurrency `--tasks` in the
 * default pool, a threads pool and a processes pool. Prints the median wall time over `--rounds`, after a warm
 * pool. On N cores the pools should take about tasks × ms / N; the default pool takes tasks × ms.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signature } from '../index.js';
import { app, work } from './fixtures/cpu-app.js';

const { values: flags } = parseArgs({ options: { tasks: { type: 'string', default: '4' }, ms: { type: 'string', default: '300' }, rounds: { type: 'string', default: '3' } } });
const tasks = Number(flags.tasks);
const targetMs = Number(flags.ms);
const rounds = Number(flags.rounds);
const module = join(import.meta.dirname, 'fixtures', 'cpu-app.ts');

// Calibrate: iterations that take about targetMs on one core here.
let iterations = 1_000_000;
for (;;) {
  const started = performance.now();
  work(iterations);
  const ms = performance.now() - started;
  if (ms > 50) {
    iterations = Math.round((iterations * targetMs) / ms);
    break;
  }
  iterations *= 4;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<string, number> = {};
for (const pool of ['inline', 'threads', 'processes'] as const) {
  const worker = app.worker({ concurrency: tasks, pool, ...(pool === 'inline' ? {} : { module }) });
  await worker.ready();
  const once = async () => {
    const started = performance.now();
    const handles = await Promise.all(Array.from({ length: tasks }, () => app.apply(signature('cpu', [iterations]))));
    await Promise.all(handles.map((res) => res.get({ timeout: 120_000 })));
    return performance.now() - started;
  };
  await once(); // warm: each child compiles the handler once
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await once());
  results[pool] = Math.round(median(times));
  await worker.close();
}
console.log(JSON.stringify({ cores: availableParallelism(), loadAverage1m: Number(loadavg()[0]!.toFixed(1)), tasks, msEach: targetMs, iterations, medianMs: results }, null, 2));
await app.close();
