/**
 * The entry of a pool's thread or process. It loads the app module (so it knows the task handlers), then runs
 * one attempt at a time as the parent asks and answers with how it ended. It keeps no other state: plans, the
 * store and the workflow machine stay in the parent. An error no code caught is reported and ends the child,
 * which the parent counts as a crash of the attempt it was running and replaces.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toJSON } from '../../canvas/document/to-json.js';
import type { Json } from '../../canvas/json.js';
import { systemClock } from '../ports/clock.js';
import type { TaskRegistry } from '../registry.js';
import { describeThrown } from '../runtime/describe-thrown.js';
import { onceFor } from '../runtime/once.js';
import { runHandler, type AttemptResult } from '../runtime/run-handler.js';
import { childInitEnv, type ChildInit, type FromChild, type ToChild, type WireResult } from './child-protocol.js';

const init: ChildInit = parentPort ? (workerData as ChildInit) : (JSON.parse(process.env[childInitEnv] ?? '{}') as ChildInit);

function send(message: FromChild): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: ToChild) => void): void {
  if (parentPort) parentPort.on('message', listener);
  else process.on('message', listener as (message: unknown) => void);
}

function dieOf(error: unknown, kind: string): void {
  const thrown = describeThrown(error);
  send({ type: 'crash', text: `${kind} (${thrown.name}: ${thrown.message})`, ...(thrown.stack ? { stack: thrown.stack } : {}) });
  // Let the message leave before the child goes.
  setTimeout(() => process.exit(70), 20);
}

process.on('unhandledRejection', (error) => dieOf(error, 'an unhandled promise rejection'));
process.on('uncaughtException', (error) => dieOf(error, 'an uncaught exception'));
// A process child whose parent died has nobody to answer to.
if (!parentPort) process.on('disconnect', () => process.exit(0));

/** The app's registry in the module: its default export or `export const app`. */
function registryIn(mod: Record<string, unknown>): TaskRegistry | undefined {
  for (const candidate of [mod.default, mod.app]) {
    const registry = (candidate as { registry?: unknown } | undefined)?.registry;
    if (typeof registry === 'object' && registry !== null && typeof (registry as TaskRegistry).get === 'function') return registry as TaskRegistry;
  }
  return undefined;
}

function toWire(result: AttemptResult): WireResult {
  if (result.ok !== 'replaced') return result;
  try {
    return { ok: 'replaced', document: toJSON(result.canvas) as unknown as Json };
  } catch (error) {
    const thrown = describeThrown(error);
    return { ok: false, failure: { type: 'TaskError', errorName: 'InvalidReplacement', message: `The replacement canvas cannot be sent to the worker: ${thrown.message}`, nonRetryable: true } };
  }
}

async function start(): Promise<void> {
  let registry: TaskRegistry | undefined;
  try {
    registry = registryIn((await import(init.module)) as Record<string, unknown>);
  } catch (error) {
    const thrown = describeThrown(error);
    send({ type: 'loadFailed', message: `could not load ${init.module}: ${thrown.name}: ${thrown.message}` });
    return;
  }
  if (!registry) {
    send({ type: 'loadFailed', message: `${init.module} exports no app; export it as the default export or as \`export const app = createApp(...)\`` });
    return;
  }
  const tasks = registry;
  const aborts = new Map<number, AbortController>();
  const onceCalls = new Map<number, { resolve: (reply: Extract<ToChild, { type: 'onceReply' }>) => void }>();
  let nextCall = 0;
  /** `ctx.once` of attempt `id`: the store lives in the parent, so each read and record is a round trip to it. */
  const onceStore = (id: number) => {
    const ask = (op: 'read' | 'record', workflowId: string, key: string, value?: Json) =>
      new Promise<Extract<ToChild, { type: 'onceReply' }>>((resolve) => {
        const call = nextCall++;
        onceCalls.set(call, { resolve });
        send({ type: 'once', id, call, op, workflowId, key, ...(value !== undefined ? { value } : {}) });
      }).then((reply) => {
        if (reply.error !== undefined) throw new Error(`ctx.once could not reach the worker's store: ${reply.error}`);
        return reply.stored;
      });
    return {
      readOnce: (workflowId: string, key: string) => ask('read', workflowId, key),
      recordOnce: async (workflowId: string, key: string, value: Json) => (await ask('record', workflowId, key, value))!.value,
    };
  };
  onMessage((message) => {
    if (message.type === 'onceReply') {
      const waiting = onceCalls.get(message.call);
      onceCalls.delete(message.call);
      waiting?.resolve(message);
      return;
    }
    if (message.type === 'abort') {
      aborts.get(message.id)?.abort(new Error('The task was aborted by its worker'));
      return;
    }
    const abort = new AbortController();
    aborts.set(message.id, abort);
    const { node, args, context } = message.job;
    const limits = { signal: abort.signal, ...(init.maxPayloadBytes !== undefined ? { maxPayloadBytes: init.maxPayloadBytes } : {}) };
    const once = onceFor(onceStore(message.id), context.workflowId, context.idempotencyKey);
    void runHandler(tasks, node, args, { ...context, once }, systemClock, limits).then((result) => {
      aborts.delete(message.id);
      send({ type: 'done', id: message.id, result: toWire(result) });
    });
  });
  send({ type: 'ready' });
}

void start();
