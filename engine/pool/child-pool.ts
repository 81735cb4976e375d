import { fromJSON } from '../../canvas/document/index.js';
import type { WorkflowDocument } from '../../canvas/document/types.js';
import type { FailureData } from '../ports/outcome.js';
import type { Clock } from '../ports/clock.js';
import { timeLimitExceeded } from '../errors/time-limit-exceeded.js';
import { workerCrashed } from '../errors/worker-crashed.js';
import type { AttemptResult } from '../runtime/run-handler.js';
import type { FromChild, WireResult } from './child-protocol.js';
import { spawnProcess, spawnThread, type ChildTransport, type SpawnOptions } from './child-transport.js';
import { PoolAbandoned, terminated, type HandlerPool, type PoolJob } from './handler-pool.js';

export interface ChildPoolOptions extends SpawnOptions {
  readonly kind: 'threads' | 'processes';
  /** How many children, each running one attempt at a time. */
  readonly size: number;
  /** How long a handler may go on after its signal was aborted (time limit, terminate) before its child is killed. */
  readonly terminateGraceMs: number;
}

interface Running {
  readonly id: number;
  readonly job: PoolJob;
  readonly resolve: (result: AttemptResult) => void;
  readonly reject: (error: Error) => void;
  /** Why the parent stopped the attempt, if it did: its time limit, a terminate, or a shutdown. */
  stopped?: 'timeLimit' | 'terminated' | 'abandoned';
  cancelTimers: Array<() => void>;
}

interface Child {
  readonly transport: ChildTransport;
  state: 'starting' | 'idle' | 'busy' | 'gone';
  current?: Running;
  crash?: { text: string; stack?: string };
}

/** After this many children in a row die before they are ready, waiting attempts fail instead of waiting on. */
const maxFailedStarts = 3;

/**
 * Runs handlers in `size` threads or processes, one attempt per child at a time (Celery's prefork pool, with
 * Node's spawn instead of fork). A child that dies (an unhandled rejection, `process.exit`, out of memory, a
 * kill) fails the attempt it ran with `WorkerCrashed` and is replaced; a handler still running `timeout +
 * terminateGraceMs` after it started is killed and fails with `TimeLimitExceeded`. Children load the app module
 * and run handlers only: every store and broker call stays in the worker process.
 */
export class ChildPool implements HandlerPool {
  readonly kind: 'threads' | 'processes';
  readonly #children = new Set<Child>();
  readonly #waiting: Running[] = [];
  #nextId = 1;
  #failedStarts = 0;
  #startProblem = '';
  #closed = false;
  #warm: { resolve: () => void; reject: (error: Error) => void } | undefined;
  readonly #ready: Promise<void>;

  constructor(
    private readonly options: ChildPoolOptions,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
  ) {
    this.kind = options.kind;
    this.#ready = new Promise((resolve, reject) => (this.#warm = { resolve, reject }));
    this.#ready.catch(() => undefined);
    for (let i = 0; i < options.size; i++) this.#spawn();
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  run(job: PoolJob): Promise<AttemptResult> {
    if (this.#closed) return Promise.reject(new Error('The pool is closed'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: this.#nextId++, job, resolve, reject, cancelTimers: [] });
      this.#pump();
    });
  }

  terminate(taskId: string, graceMs = this.options.terminateGraceMs): boolean {
    const matching = [...this.#children].filter((child) => child.current?.job.context.taskId === taskId);
    for (const child of matching) this.#stop(child, 'terminated', graceMs);
    // One not yet given to a child never starts.
    for (const running of this.#waiting.filter((waiting) => waiting.job.context.taskId === taskId)) {
      this.#waiting.splice(this.#waiting.indexOf(running), 1);
      running.resolve({ ok: false, failure: failure(running.job, terminated, `Task '${running.job.node.task}' was terminated before it started`, true) });
    }
    return matching.length > 0;
  }

  running(): string[] {
    return [...this.#children].flatMap((child) => (child.current ? [child.current.job.context.taskId] : []));
  }

  abandon(): void {
    for (const running of this.#waiting.splice(0)) running.reject(new PoolAbandoned(running.job.context.taskId));
    for (const child of this.#children) {
      const running = child.current;
      if (!running) continue;
      running.stopped = 'abandoned';
      running.reject(new PoolAbandoned(running.job.context.taskId));
      child.transport.kill();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.abandon();
    for (const child of this.#children) {
      child.state = 'gone';
      child.transport.kill();
    }
    this.#children.clear();
  }

  #spawn(): void {
    const spawn = this.options.kind === 'threads' ? spawnThread : spawnProcess;
    const child: Child = { state: 'starting', transport: undefined as unknown as ChildTransport };
    Object.assign(child, { transport: spawn(this.options, { message: (message) => this.#onMessage(child, message), exit: (reason) => this.#onExit(child, reason) }) });
    this.#children.add(child);
  }

  #onMessage(child: Child, message: FromChild): void {
    switch (message.type) {
      case 'ready':
        child.state = 'idle';
        this.#failedStarts = 0;
        if ([...this.#children].every((each) => each.state !== 'starting')) this.#warm?.resolve();
        return this.#pump();
      case 'loadFailed':
        this.#startProblem = message.message;
        child.transport.kill();
        return;
      case 'crash':
        child.crash = { text: message.text, ...(message.stack ? { stack: message.stack } : {}) };
        return;
      case 'once':
        return void this.#answerOnce(child, message);
      case 'done': {
        const running = child.current;
        if (!running || running.id !== message.id) return;
        this.#finish(child, running, this.#ended(running, message.result));
        child.state = 'idle';
        return this.#pump();
      }
    }
  }

  /** Carries out a child's `ctx.once` read or record in the worker's store, for the attempt it is running. */
  async #answerOnce(child: Child, call: Extract<FromChild, { type: 'once' }>): Promise<void> {
    const running = child.current;
    if (!running || running.id !== call.id) return;
    const store = running.job.once;
    try {
      const stored =
        call.op === 'read' ? await store.readOnce(call.workflowId, call.key) : { value: await store.recordOnce(call.workflowId, call.key, call.value ?? null) };
      if (child.current === running) child.transport.send({ type: 'onceReply', id: call.id, call: call.call, ...(stored ? { stored } : {}) });
    } catch (error) {
      if (child.current === running) child.transport.send({ type: 'onceReply', id: call.id, call: call.call, error: (error as Error)?.message ?? String(error) });
    }
  }

  #onExit(child: Child, reason: string): void {
    const wasReady = child.state !== 'starting';
    child.state = 'gone';
    this.#children.delete(child);
    const running = child.current;
    if (running) this.#finish(child, running, running.stopped === 'abandoned' ? undefined : this.#crashed(running, child, reason));
    if (this.#closed) return;
    if (!wasReady) {
      this.#failedStarts++;
      this.log(`A pool ${this.kind === 'threads' ? 'thread' : 'process'} could not start: ${this.#startProblem || reason}`);
      if (this.#failedStarts >= maxFailedStarts) {
        this.#warm?.reject(new Error(`The ${this.kind} pool cannot start children: ${this.#startProblem || reason}`));
        for (const waiting of this.#waiting.splice(0)) waiting.reject(new Error(`The ${this.kind} pool cannot start children: ${this.#startProblem || reason}`));
      }
      // Starting again at once would spin on a module that does not load.
      this.clock.setTimer(1000, () => {
        if (!this.#closed) this.#spawn();
      });
      return;
    }
    this.#spawn();
  }

  #pump(): void {
    for (const child of this.#children) {
      if (child.state !== 'idle') continue;
      const running = this.#waiting.shift();
      if (!running) return;
      this.#assign(child, running);
    }
  }

  #assign(child: Child, running: Running): void {
    child.state = 'busy';
    child.current = running;
    const { node } = running.job;
    const timeout = node.options.timeout;
    if (timeout !== null) running.cancelTimers.push(this.clock.setTimer(timeout, () => this.#stop(child, 'timeLimit', this.options.terminateGraceMs)));
    // The parent keeps the time limit: the child's own timer would not fire while its handler loops.
    const { once: _store, ...job } = running.job;
    child.transport.send({ type: 'run', id: running.id, job: { ...job, node: { ...node, options: { ...node.options, timeout: null } } } });
  }

  /** Aborts the attempt's signal now and kills its child after `graceMs` if it has not ended by then. */
  #stop(child: Child, why: 'timeLimit' | 'terminated', graceMs: number): void {
    const running = child.current;
    if (!running || running.stopped) return;
    running.stopped = why;
    child.transport.send({ type: 'abort', id: running.id });
    running.cancelTimers.push(
      this.clock.setTimer(graceMs, () => {
        if (child.current === running) child.transport.kill();
      }),
    );
  }

  #finish(child: Child, running: Running, result: AttemptResult | undefined): void {
    for (const cancel of running.cancelTimers) cancel();
    child.current = undefined;
    if (result && running.stopped !== 'abandoned') running.resolve(result);
  }

  /** The attempt's end when the child answered: its own, unless the parent had already stopped it. */
  #ended(running: Running, result: WireResult): AttemptResult {
    if (running.stopped === 'timeLimit') return timedOut(running.job, false);
    if (result.ok !== 'replaced') return result;
    try {
      return { ok: 'replaced', canvas: fromJSON(result.document as unknown as WorkflowDocument) };
    } catch (error) {
      return { ok: false, failure: failure(running.job, 'InvalidReplacement', `Task '${running.job.node.task}' asked to be replaced by a canvas that does not read back: ${(error as Error).message}`, true) };
    }
  }

  #crashed(running: Running, child: Child, reason: string): AttemptResult {
    const task = running.job.node.task;
    if (running.stopped === 'timeLimit') return timedOut(running.job, true);
    if (running.stopped === 'terminated') return { ok: false, failure: failure(running.job, terminated, `Task '${task}' was terminated: its ${this.kind === 'threads' ? 'thread' : 'process'} was killed after its grace period`, true) };
    const why = child.crash ? `raised ${child.crash.text}` : reason.replace(/^(thread|process) /, '');
    this.log(`Task ${running.job.context.taskId} crashed its pool ${this.kind === 'threads' ? 'thread' : 'process'} (${why}); the attempt fails with WorkerCrashed and the child is replaced`);
    return { ok: false, failure: { ...failure(running.job, workerCrashed, `Task '${task}' crashed its ${this.kind === 'threads' ? 'thread' : 'process'}: ${why}`, false), ...(child.crash?.stack ? { remoteStack: child.crash.stack } : {}) } };
  }
}

function failure(job: PoolJob, errorName: string, message: string, nonRetryable: boolean): FailureData {
  return { type: 'TaskError', taskName: job.node.task, nodeId: job.node.id, errorName, message, ...(nonRetryable ? { nonRetryable } : {}) };
}

function timedOut(job: PoolJob, killed: boolean): AttemptResult {
  const { task, options } = job.node;
  const text = `Task '${task}' exceeded its time limit of ${options.timeout} ms${killed ? ' and was killed, as it went on past its grace period' : ''}`;
  return { ok: false, failure: failure(job, timeLimitExceeded, text, false) };
}
