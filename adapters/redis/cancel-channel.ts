import type { Connection } from './connection.js';

/**
 * The broadcast behind `Broker.cancelWorkflow`: one Redis pub/sub channel per app (per prefix). Every process
 * with workers subscribes once, on its first consumer, and aborts the deliveries of each workflow named on it.
 * A message sent while a process is disconnected is lost for that process; the store's revoked flag is what
 * keeps tasks that begin later from running.
 */
export class CancelChannel {
  #subscriber: Connection | undefined;
  #ready: Promise<void> | undefined;

  constructor(
    private readonly connect: () => Connection,
    private readonly channel: string,
    private readonly logError: (error: unknown) => void,
  ) {}

  /** Subscribes once; resolves when messages can arrive (a failure is logged and retried on the next call). */
  listen(onCancel: (workflowId: string) => void): Promise<void> {
    this.#ready ??= (async () => {
      const subscriber = this.connect();
      this.#subscriber = subscriber;
      subscriber.redis.on('error', this.logError);
      subscriber.redis.on('message', (_channel: string, workflowId: string) => onCancel(workflowId));
      await subscriber.redis.subscribe(this.channel);
    })().catch((error: unknown) => {
      this.logError(error);
      this.#ready = undefined;
    });
    return this.#ready;
  }

  /** Tells every subscribed process to abort `workflowId`'s deliveries. */
  async publish(publisher: Connection, workflowId: string): Promise<void> {
    await publisher.run(`broadcast the cancellation of workflow ${workflowId}`, () => publisher.redis.publish(this.channel, workflowId));
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#ready = undefined;
    await subscriber?.close();
  }
}
