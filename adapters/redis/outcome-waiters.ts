import type { Logger, Outcome } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import { OutcomeWaiters, type NotificationSource, type Notify } from '../support/outcome-waiters.js';
import type { Connect, Connection } from './connection.js';
import { decodeOutcome } from './outcome-codec.js';

/** Where finishWorkflow and revokeWorkflow publish: one channel for all (one Redis), or one per workflow (cluster). */
export type FinishedChannels = { readonly shared: string } | { readonly sharded: (workflowId: string) => string };

/**
 * Waits for workflows to finish. One subscriber connection, created on first use, listens on the channel that
 * finishWorkflow and revokeWorkflow publish to (on a cluster, SSUBSCRIBEs to the channel of each workflow waited
 * for, through one subscriber per master). A message carries the workflow id and the outcome that call
 * wrote (see `finishedMessage`); an outcome is written once and never changes, so a waiter takes it as is,
 * with no read. A lost message costs at most a second: every waiter also reads the store on its own.
 *
 * A wait fails with the store's `UNAVAILABLE` error when a read (or the subscription) could not reach Redis
 * within its `connectTimeoutMs`; shorter outages, such as a restart, only delay it.
 */
export function outcomeWaiters(connect: Connect, channels: FinishedChannels, read: (workflowId: string) => Promise<Outcome | undefined>, logger: Logger): OutcomeWaiters {
  const logError = logOnce(logger, 'result store subscriber');
  const source = 'shared' in channels ? new FinishedMessages(() => connect(), channels.shared, logError) : new ShardedFinishedMessages(connect, channels.sharded, logError);
  return new OutcomeWaiters({ read, source, logError });
}

/** The finished channel, on a subscriber connection of its own; ioredis reconnects it, so it never reports a drop. */
class FinishedMessages implements NotificationSource {
  #subscriber: Connection | undefined;

  constructor(
    private readonly connect: () => Connection,
    private readonly channel: string,
    private readonly logError: (error: unknown) => void,
  ) {}

  async start(notify: Notify): Promise<void> {
    const subscriber = this.connect();
    this.#subscriber = subscriber;
    subscriber.redis.on('error', this.logError);
    subscriber.redis.on('message', (_channel: string, message: string) => this.deliver(message, notify));
    try {
      await subscriber.run(`subscribe to ${this.channel} to wait for results`, () => subscriber.redis.subscribe(this.channel));
    } catch (error) {
      if (this.#subscriber === subscriber) this.#subscriber = undefined;
      await subscriber.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.#subscriber?.close();
  }

  private deliver(message: string, notify: Notify): void {
    deliver(message, notify, this.logError);
  }
}

/**
 * Each workflow's own channel in its slot, over sharded pub/sub (Redis 7): SSUBSCRIBE while someone waits for it,
 * SUNSUBSCRIBE when the last wait ends. ioredis keeps one subscriber per master and subscribes each channel on
 * the master of its slot, again after a failover moved the slot.
 */
class ShardedFinishedMessages implements NotificationSource {
  #subscriber: Connection | undefined;
  readonly #watching = new Map<string, number>();

  constructor(
    private readonly connect: Connect,
    private readonly channelOf: (workflowId: string) => string,
    private readonly logError: (error: unknown) => void,
  ) {}

  async start(notify: Notify): Promise<void> {
    const subscriber = this.connect({ sharded: true });
    this.#subscriber = subscriber;
    subscriber.redis.on('error', this.logError);
    subscriber.redis.on('smessage', (_channel: string, message: string) => deliver(message, notify, this.logError));
    try {
      await subscriber.ready('subscribe to workflow ends to wait for results');
      // Waits that began before the subscriber was ready; one channel per SSUBSCRIBE, as each has its own slot.
      await Promise.all([...this.#watching.keys()].map((id) => subscriber.redis.ssubscribe(this.channelOf(id))));
    } catch (error) {
      if (this.#subscriber === subscriber) this.#subscriber = undefined;
      await subscriber.close();
      throw error;
    }
  }

  async watch(workflowId: string): Promise<void> {
    const count = this.#watching.get(workflowId) ?? 0;
    this.#watching.set(workflowId, count + 1);
    const subscriber = this.#subscriber;
    if (count > 0 || !subscriber) return;
    const channel = this.channelOf(workflowId);
    try {
      await subscriber.run(`subscribe to ${channel} to wait for its result`, () => subscriber.redis.ssubscribe(channel));
    } catch (error) {
      this.unwatch(workflowId);
      throw error;
    }
  }

  unwatch(workflowId: string): void {
    const count = (this.#watching.get(workflowId) ?? 1) - 1;
    if (count > 0) return void this.#watching.set(workflowId, count);
    this.#watching.delete(workflowId);
    const subscriber = this.#subscriber;
    if (subscriber?.redis.status === 'ready') subscriber.redis.sunsubscribe(this.channelOf(workflowId)).catch(this.logError);
  }

  async stop(): Promise<void> {
    this.#watching.clear();
    await this.#subscriber?.close();
  }
}

function deliver(message: string, notify: Notify, logError: (error: unknown) => void): void {
  const { workflowId, outcome } = parseFinishedMessage(message);
  if (outcome === undefined) return notify(workflowId);
  notify(workflowId, () => {
    try {
      return decodeOutcome(outcome);
    } catch (error) {
      // Undecodable, so the message only means "read again".
      logError(error);
      return undefined;
    }
  });
}

/**
 * A message on the finished channel: the workflow id, a newline, then the outcome JSON as stored (see
 * finishWorkflow's header). The outcome never holds a newline (JSON.stringify escapes them in strings), so
 * the last newline ends the id, whatever the id holds. A message with no newline is a bare id (as published
 * before outcomes were carried): it only means "read again".
 */
export function parseFinishedMessage(message: string): { workflowId: string; outcome?: string } {
  const end = message.lastIndexOf('\n');
  return end < 0 ? { workflowId: message } : { workflowId: message.slice(0, end), outcome: message.slice(end + 1) };
}
