import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Clock } from '../ports/clock.js';
import type { TaskRegistry } from '../registry.js';
import type { ResolvedWorkerOptions } from '../runtime/worker-options.js';
import { ChildPool } from './child-pool.js';
import type { HandlerPool } from './handler-pool.js';
import { InlinePool } from './inline-pool.js';

export interface PoolContext {
  readonly registry: TaskRegistry;
  readonly clock: Clock;
  readonly log: (message: string) => void;
  readonly maxPayloadBytes?: number;
}

/** The pool a worker's options ask for. */
export function createPool(options: ResolvedWorkerOptions, context: PoolContext): HandlerPool {
  const { registry, clock, log, maxPayloadBytes } = context;
  if (options.pool === 'inline') return new InlinePool(registry, clock, log, maxPayloadBytes);
  return new ChildPool(
    {
      kind: options.pool,
      size: options.concurrency,
      terminateGraceMs: options.terminateGraceMs,
      module: moduleUrl(options.module!),
      ...(options.maxMemoryMb !== undefined ? { maxMemoryMb: options.maxMemoryMb } : {}),
      ...(maxPayloadBytes !== undefined ? { maxPayloadBytes } : {}),
    },
    clock,
    log,
  );
}

/** A file URL for `import()` in the child, from a URL or a path (relative to the working directory). */
function moduleUrl(module: string): string {
  if (/^file:/.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(process.cwd(), module)).href;
}
