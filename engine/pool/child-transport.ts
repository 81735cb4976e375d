import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { childInitEnv, type ChildInit, type FromChild, type ToChild } from './child-protocol.js';

/** One thread or process running `child-main`, as the pool sees it. */
export interface ChildTransport {
  send(message: ToChild): void;
  /** Ends the child at once, whatever it is doing (a busy loop included). */
  kill(): void;
}

export interface ChildEvents {
  message(message: FromChild): void;
  /** The child is gone; `reason` says how (exit code, signal, out of memory). */
  exit(reason: string): void;
}

export interface SpawnOptions extends ChildInit {
  /** Heap limit of the child, in MB. */
  readonly maxMemoryMb?: number;
}

// The child entry sits next to this file, as .ts when running from source and .js once built.
const childMain = new URL(`./child-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/**
 * tsx (its loader, and its API for threads), so that children read a TypeScript app module (and, from source,
 * Celeriac itself). tsx is an optional peer: without it, children load JavaScript only.
 */
function tsx(entry: 'tsx' | 'tsx/esm/api'): string | undefined {
  try {
    return import.meta.resolve(entry);
  } catch {
    return undefined;
  }
}

export function spawnThread(options: SpawnOptions, events: ChildEvents): ChildTransport {
  // A worker thread does not inherit the parent's loader hooks in Node 20: the child registers tsx itself.
  const api = tsx('tsx/esm/api');
  const code = api
    ? `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(childMain.href)}); })`
    : `import(${JSON.stringify(childMain.href)})`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { module: options.module, ...(options.maxPayloadBytes !== undefined ? { maxPayloadBytes: options.maxPayloadBytes } : {}) } satisfies ChildInit,
    ...(options.maxMemoryMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb } } : {}),
  });
  let lastError = '';
  worker.on('message', (message: FromChild) => events.message(message));
  worker.on('error', (error: Error & { code?: string }) => {
    lastError = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (limit ${options.maxMemoryMb ?? 'V8 default'} MB)` : `failed with ${error.name}: ${error.message}`;
  });
  worker.on('exit', (code) => events.exit(lastError ? `thread ${lastError}` : `thread exited with code ${code}`));
  return {
    send: (message) => worker.postMessage(message),
    kill: () => void worker.terminate(),
  };
}

export function spawnProcess(options: SpawnOptions, events: ChildEvents): ChildTransport {
  const init: ChildInit = { module: options.module, ...(options.maxPayloadBytes !== undefined ? { maxPayloadBytes: options.maxPayloadBytes } : {}) };
  const loader = tsx('tsx');
  const args = [...(loader ? ['--import', loader] : []), ...(options.maxMemoryMb !== undefined ? [`--max-old-space-size=${options.maxMemoryMb}`] : []), childMain.pathname];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, [childInitEnv]: JSON.stringify(init) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  child.on('message', (message: FromChild) => events.message(message));
  child.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    // V8 aborts the process when its heap runs out (and prints why on the child's stderr, which is the worker's).
    const aborted = signal === 'SIGABRT' || code === 134;
    events.exit(
      aborted
        ? `process aborted (SIGABRT): out of memory (limit ${options.maxMemoryMb ?? 'V8 default'} MB) or a native crash`
        : `process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`,
    );
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
