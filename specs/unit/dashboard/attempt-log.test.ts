import { describe, expect, it } from 'vitest';
import { AttemptLog } from '../../../dashboard/attempt-log.js';

const task = { workflowId: 'w', nodeId: 'r.0', taskName: 'flaky' };

describe('the attempt log', () => {
  it('keeps each attempt of a task from its events: start, run time, worker, error', () => {
    const log = new AttemptLog();
    log.record({ type: 'task-started', at: 1000, attempt: 1, workerId: 'w1', hostname: 'h', ...task });
    log.record({ type: 'task-retried', at: 1200, attempt: 1, runtimeMs: 200, error: { type: 'Error', message: 'lost' }, ...task });
    log.record({ type: 'task-started', at: 2000, attempt: 2, workerId: 'w2', hostname: 'h', ...task });
    log.record({ type: 'task-succeeded', at: 2050, attempt: 2, runtimeMs: 50, ...task });
    log.record({ type: 'worker-heartbeat', at: 2100, workerId: 'w2' });
    expect(log.attempts('w', 'r.0')).toEqual([
      { attempt: 1, state: 'RETRY', startedAt: 1000, runtimeMs: 200, workerId: 'w1', hostname: 'h', error: { type: 'Error', message: 'lost' } },
      { attempt: 2, state: 'SUCCESS', startedAt: 2000, runtimeMs: 50, workerId: 'w2', hostname: 'h' },
    ]);
    expect(log.attempts('w', 'r.1')).toEqual([]);
  });

  it('forgets the oldest task past its capacity', () => {
    const log = new AttemptLog(2);
    for (const nodeId of ['a', 'b', 'c']) log.record({ type: 'task-started', at: 1, attempt: 1, workflowId: 'w', nodeId });
    expect([log.attempts('w', 'a').length, log.attempts('w', 'b').length, log.attempts('w', 'c').length]).toEqual([0, 1, 1]);
  });
});
