import { MemoryBroker } from '../../../adapters/memory/index.js';
import type { EnqueueRequest } from '../../../engine/ports/broker.js';
import type { Clock } from '../../../engine/ports/clock.js';

/**
 * A deliberately wrong broker: messages for link nodes (ids ending `.l<n>`) lose their input, so links run
 * without their node's value. Results, commits and states stay right: only the check of what each link
 * received can catch it, and the meta test makes sure it does.
 */
export class LinkInputDroppingBroker extends MemoryBroker {
  constructor(clock: Clock) {
    super(clock);
  }

  override enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    return super.enqueue(jobs.map((job) => (/\.l\d+$/.test(job.message.nodeId) ? { ...job, message: { ...job.message, input: undefined } } : job)));
  }
}
