import { invalidOption } from '../../canvas/errors.js';
import { describe } from '../../canvas/json.js';
import { suggest } from '../../canvas/suggest.js';
import type { ResolvedWorkerOptions, WorkerOptions } from './worker.js';

const known = ['concurrency', 'queues'];

/** Applies defaults and checks `app.worker()`'s options; an unknown one (`limiter`...) is an error, as for createApp. */
export function resolveWorkerOptions(options: WorkerOptions = {}): ResolvedWorkerOptions {
  if (typeof options !== 'object' || options === null) invalidOption('worker', 'options', `Expected app.worker() options to be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = suggest(key, known);
    // BullMQ's worker `limiter` is a queue's rate limit here, set once for every worker.
    const hint = key === 'limiter' ? "a queue's rate limit is app.setQueueRateLimit(queue, '100/s')" : near ? `did you mean \`${near}\`?` : `known options: ${known.join(', ')}`;
    invalidOption('worker', key, `Unknown option \`${key}\``, hint);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    invalidOption('worker', 'concurrency', `Expected \`concurrency\` to be a whole number from 1 and up, got \`${String(concurrency)}\` (${describe(concurrency)})`);
  }
  const queues = options.queues ?? ['default'];
  if (!Array.isArray(queues) || queues.length === 0 || queues.some((q) => typeof q !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(q))) {
    invalidOption('worker', 'queues', `Expected \`queues\` to be a non-empty list of queue names, got \`${JSON.stringify(queues)}\``);
  }
  return { concurrency, queues: [...new Set(queues)] };
}
