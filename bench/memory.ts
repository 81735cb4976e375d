/**
 * `npm run bench:memory [-- --workflows 600 --mb 1 --concurrency 8]`: memory of a producer and of a real
 * `celeriac worker` process while workflows with large arguments go through, on Redis. The producer applies
 * `--workflows` single-task workflows, each with its own `--mb` MB string argument (at most `--concurrency`
 * applies in flight), then waits for every result; the worker (concurrency 4) returns each argument's length.
 *
 * Reported: the producer's peak RSS (sampled every 50 ms) and its RSS and heap after 5 s idle with a GC; the
 * worker's peak RSS (VmHWM in /proc) and its RSS after the same idle. Goal: under 300 MB each.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, signature, type AsyncResult } from '../index.js';
import { deleteKeys } from '../specs/contract/redis-cleanup.js';

const { values: flags } = parseArgs({
  options: {
    workflows: { type: 'string', default: '600' },
    mb: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const workflows = Number(flags.workflows);
const bytes = Math.round(Number(flags.mb) * 1024 * 1024);
const inFlight = Number(flags.concurrency);
const url = flags.redis!;
const prefix = `bench-memory-${randomUUID()}`;
const root = join(import.meta.dirname, '..');
const mb = (n: number) => Math.round(n / 1024 / 1024);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmHWM (peak) and VmRSS (now) of a process, in bytes, from /proc. */
function procMemory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { peak: field('VmHWM'), now: field('VmRSS') };
}

const worker = spawn(process.execPath, [join(root, 'bin', 'celeriac.js'), 'worker', '--app', join(root, 'bench', 'fixtures', 'memory-app.ts'), '--concurrency', '4'], {
  cwd: root,
  env: { ...process.env, REDIS_URL: url, CELERIAC_PREFIX: prefix },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('celeriac worker ready') && resolve());
  worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
});

const app = createApp({ redis: url, prefix });
let producerPeak = process.memoryUsage().rss;
let heapPeak = 0, externalPeak = 0;
const sampler = setInterval(() => { const m = process.memoryUsage(); producerPeak = Math.max(producerPeak, m.rss); heapPeak = Math.max(heapPeak, m.heapUsed); externalPeak = Math.max(externalPeak, m.external + m.arrayBuffers); }, 50);
const started = Date.now();
const handles: AsyncResult[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < workflows) {
      const i = next++;
      // Each argument is its own string, as distinct payloads from users would be.
      const text = `${i}:`.padEnd(bytes, 'x');
      handles.push(await app.apply(signature('measure', [text])));
    }
  }),
);
const applied = Date.now() - started;
const lengths = await Promise.all(handles.map((res) => res.get({ timeout: 300_000 })));
if (lengths.some((length) => length !== bytes)) throw new Error('a result is wrong');
const done = Date.now() - started;
await sleep(5000);
(globalThis as { gc?: () => void }).gc?.();
clearInterval(sampler);
const producer = process.memoryUsage();
const workerMemory = procMemory(worker.pid!);
console.log(
  JSON.stringify(
    {
      workflows,
      argumentMb: Number(flags.mb),
      applySeconds: applied / 1000,
      totalSeconds: done / 1000,
      producer: { heapPeak: mb(heapPeak), externalPeak: mb(externalPeak), peakRssMb: mb(producerPeak), idleRssMb: mb(producer.rss), idleHeapUsedMb: mb(producer.heapUsed) },
      worker: { peakRssMb: mb(workerMemory.peak), idleRssMb: mb(workerMemory.now) },
    },
    null,
    2,
  ),
);
worker.kill('SIGTERM');
await new Promise((resolve) => worker.once('exit', resolve));
await app.close();
await deleteKeys(prefix, url);
