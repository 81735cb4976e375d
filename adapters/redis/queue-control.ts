import type { Queue } from 'bullmq';
import type { TaskMessage } from '../../engine/ports/broker.js';

/** Jobs fetched per round trip while purging. */
const page = 500;

/**
 * Removes every task job waiting (plain or prioritized, paused queue or not) or delayed on `queue`, page by page, and
 * returns their messages. Schedule firings (`triggerName`) stay: removing a scheduler's next job would stop
 * the schedule. A job that became active meanwhile cannot be removed (BullMQ refuses, it is locked) and is
 * left to run; the caller revokes its workflow anyway.
 */
export async function purgeQueue(queue: Queue, triggerName: string): Promise<TaskMessage[]> {
  const dropped: TaskMessage[] = [];
  for (;;) {
    const jobs = (await queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, page - 1)).filter((job) => job && job.name !== triggerName);
    if (jobs.length === 0) return dropped;
    let removed = 0;
    for (const job of jobs) {
      // remove() resolves 0 when the job is locked (active) or already gone.
      const gone = await queue.remove(job.id!).catch(() => 0);
      if (gone) {
        removed++;
        dropped.push(job.data as TaskMessage);
      }
    }
    // Nothing removable left in the first page (only triggers or jobs that moved on): done.
    if (removed === 0) return dropped;
  }
}
