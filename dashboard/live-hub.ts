import { AttemptLog } from './attempt-log.js';
import type { GraphLoader } from './graph/load-graph.js';
import { withTimings } from './graph/with-timings.js';
import type { DashboardSource, SourceEvent } from './source.js';
import type { LiveEvent, LiveMessage, NodeChange, NodeState, WorkflowGraph } from './wire.js';

export interface LiveSubscriber {
  /** The workflow whose graph this page shows; without one, the page gets the raw events (lists). */
  readonly workflowId?: string;
  send(message: LiveMessage): void;
}

export interface LiveHubOptions {
  /** How often pending changes go out, ms: whatever the event rate, a page gets at most one message per tick. */
  readonly tickMs?: number;
  /** Without an event stream: how often watched workflows are read again, ms. */
  readonly pollMs?: number;
  /** Where the hub says what went wrong (a lost stream, an unreadable workflow). */
  readonly warn?: (message: string) => void;
}

interface Watch {
  readonly subscribers: Set<LiveSubscriber>;
  last?: { readonly state: NodeState; readonly nodes: Map<string, NodeChange> };
  dirty: boolean;
  loading: boolean;
}

/** Raw events kept per tick for list pages; past this the tick's extra events are dropped (lists reload anyway). */
const EVENTS_PER_TICK = 500;

/**
 * Fans one subscription to the app's events out to every open page. Events mark workflows changed; once per
 * tick each changed workflow that a page watches is read again and only its changed nodes are sent. So 2,000
 * task events a second cost a page four small messages a second, and the store one read per watched workflow
 * per tick. Without an event stream, watched workflows are read every `pollMs`: still one reader per server.
 */
export class LiveHub {
  readonly attempts = new AttemptLog();
  readonly #source: DashboardSource;
  readonly #graphs: GraphLoader;
  readonly #watches = new Map<string, Watch>();
  readonly #listeners = new Set<LiveSubscriber>();
  readonly #tickMs: number;
  readonly #pollMs: number;
  readonly #warn: (message: string) => void;
  #events: LiveEvent[] = [];
  #stop: AbortController | undefined;
  #timers: NodeJS.Timeout[] = [];

  constructor(source: DashboardSource, graphs: GraphLoader, options: LiveHubOptions = {}) {
    this.#source = source;
    this.#graphs = graphs;
    this.#tickMs = options.tickMs ?? 250;
    this.#pollMs = options.pollMs ?? 1000;
    this.#warn = options.warn ?? ((message) => console.warn(`[celeriac dashboard] ${message}`));
  }

  /** Starts sending `subscriber` updates; returns the function that stops them. */
  subscribe(subscriber: LiveSubscriber): () => void {
    this.#start();
    if (subscriber.workflowId === undefined) {
      this.#listeners.add(subscriber);
    } else {
      const watch = this.#watches.get(subscriber.workflowId) ?? { subscribers: new Set(), dirty: true, loading: false };
      watch.subscribers.add(subscriber);
      // A new page may have read the graph before others got their last update: the next message resends every node.
      watch.last = undefined;
      watch.dirty = true;
      this.#watches.set(subscriber.workflowId, watch);
    }
    return () => {
      this.#listeners.delete(subscriber);
      if (subscriber.workflowId === undefined) return;
      const watch = this.#watches.get(subscriber.workflowId);
      watch?.subscribers.delete(subscriber);
      if (watch && watch.subscribers.size === 0) this.#watches.delete(subscriber.workflowId);
    };
  }

  close(): void {
    this.#stop?.abort();
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#watches.clear();
    this.#listeners.clear();
  }

  #start(): void {
    if (this.#stop) return;
    this.#stop = new AbortController();
    this.#timers.push(setInterval(() => void this.#tick(), this.#tickMs));
    const events = this.#source.events;
    if (events) void this.#consume(events, this.#stop.signal);
    else this.#poll();
  }

  /** Without events, watched workflows are read again every `pollMs`. */
  #poll(): void {
    this.#timers.push(setInterval(() => this.#watches.forEach((w) => (w.dirty = true)), this.#pollMs));
  }

  async #consume(events: NonNullable<DashboardSource['events']>, signal: AbortSignal): Promise<void> {
    try {
      for await (const event of events(signal)) {
        if (signal.aborted) return;
        this.#take(event);
      }
    } catch (error) {
      if (signal.aborted) return;
      this.#warn(`the event stream failed (${(error as Error).message}); reading watched workflows every ${this.#pollMs} ms instead`);
    }
    // The stream ended (events turned off, or lost): pages still get their updates, by polling.
    if (!signal.aborted) this.#poll();
  }

  #take(event: SourceEvent): void {
    this.attempts.record(event);
    if (event.workflowId !== undefined) {
      // A replacement's events (`<id>~<task>`) change the graph of the workflow it belongs to.
      const root = event.workflowId.split('~')[0]!;
      const watch = this.#watches.get(root);
      if (watch) watch.dirty = true;
    }
    if (this.#listeners.size > 0 && this.#events.length < EVENTS_PER_TICK) {
      this.#events.push({
        type: event.type,
        at: event.at,
        ...(event.workflowId !== undefined ? { workflowId: event.workflowId } : {}),
        ...(event.nodeId !== undefined ? { nodeId: event.nodeId } : {}),
        ...(event.taskName !== undefined ? { taskName: event.taskName } : {}),
        ...(event.workerId !== undefined ? { workerId: event.workerId } : {}),
      });
    }
  }

  async #tick(): Promise<void> {
    if (this.#events.length > 0) {
      const message: LiveMessage = { type: 'events', events: this.#events };
      this.#events = [];
      for (const listener of this.#listeners) listener.send(message);
    }
    await Promise.all([...this.#watches].map(([id, watch]) => this.#refresh(id, watch)));
  }

  async #refresh(id: string, watch: Watch): Promise<void> {
    if (!watch.dirty || watch.loading) return;
    watch.dirty = false;
    watch.loading = true;
    try {
      const read = await this.#graphs.load(id);
      if (!read) return;
      const graph = withTimings(read, this.attempts);
      const now = summarize(graph);
      const before = watch.last;
      watch.last = now;
      const reload = before !== undefined && (before.nodes.size !== now.nodes.size || [...now.nodes.keys()].some((k) => !before.nodes.has(k)));
      const changes = [...now.nodes.values()].filter((n) => {
        const was = before?.nodes.get(n.id);
        return !was || was.state !== n.state || was.attempt !== n.attempt || was.runtimeMs !== n.runtimeMs;
      });
      if (before && !reload && changes.length === 0 && before.state === now.state) return;
      const message: LiveMessage = { type: 'graph', workflowId: id, state: now.state, changes, reload };
      for (const subscriber of watch.subscribers) subscriber.send(message);
    } catch (error) {
      this.#warn(`could not read workflow ${id}: ${(error as Error).message}`);
    } finally {
      watch.loading = false;
    }
  }
}

function summarize(graph: WorkflowGraph): { state: NodeState; nodes: Map<string, NodeChange> } {
  return {
    state: graph.state,
    nodes: new Map(graph.nodes.map((n) => [n.id, { id: n.id, state: n.state, attempt: n.attempt, ...(n.runtimeMs === undefined ? {} : { runtimeMs: n.runtimeMs }) }])),
  };
}
