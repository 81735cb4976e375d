import { exitCodeOf, fleetApp, isoTime, table, UsageError } from './fleet-app.js';

export const inspectTargets = ['workers', 'active', 'scheduled', 'registered', 'queues'] as const;
export type InspectTarget = (typeof inspectTargets)[number];

/** `celeriac inspect workers|active|scheduled|registered|queues [--json]`: what the fleet is doing now. */
export function inspectCommand(what: string, options: { app?: string; json?: boolean }): Promise<number> {
  return exitCodeOf(async () => {
    if (!(inspectTargets as readonly string[]).includes(what)) throw new UsageError(`celeriac inspect: expected one of ${inspectTargets.join(', ')}, got '${what}'`);
    const app = await fleetApp('inspect', options);
    try {
      const print = (data: unknown, text: () => string) => console.log(options.json ? JSON.stringify(data, null, 2) : text());
      switch (what as InspectTarget) {
        case 'workers': {
          const workers = await app.inspect.workers();
          print(workers, () =>
            workers.length === 0
              ? 'No worker online.'
              : table(
                  ['ID', 'HOST', 'PID', 'QUEUES', 'CONCURRENCY', 'ACTIVE', 'PROCESSED', 'STARTED', 'LAST HEARTBEAT'],
                  workers.map((w) => [w.id, w.hostname, String(w.pid), w.queues.join(','), String(w.concurrency), String(w.active), String(w.processed), isoTime(w.startedAt), isoTime(w.lastHeartbeatAt)]),
                ),
          );
          return 0;
        }
        case 'active': {
          const active = await app.inspect.active();
          print(active, () =>
            active.length === 0 ? 'No task running.' : table(['TASK', 'WORKFLOW', 'NODE', 'ATTEMPT', 'WORKER', 'STARTED'], active.map((t) => [t.taskName, t.workflowId, t.nodeId, String(t.attempt), t.workerId, isoTime(t.startedAt)])),
          );
          return 0;
        }
        case 'scheduled': {
          const scheduled = await app.inspect.scheduled();
          print(scheduled, () =>
            [
              scheduled.delayed.length === 0 ? 'No delayed task.' : table(['TASK', 'WORKFLOW', 'NODE', 'RUN AT'], scheduled.delayed.map((t) => [t.taskName, t.workflowId, t.nodeId, isoTime(t.runAt)])),
              scheduled.schedules.length === 0
                ? 'No schedule.'
                : table(['SCHEDULE', 'QUEUE', 'WHEN', 'NEXT'], scheduled.schedules.map((s) => [s.id, s.queue, 'every' in s ? `every ${s.every} ms` : `cron ${s.cron}${s.tz ? ` (${s.tz})` : ''}`, isoTime(s.next)])),
            ].join('\n\n'),
          );
          return 0;
        }
        case 'registered': {
          const registered = await app.inspect.registered();
          print(registered, () => (registered.length === 0 ? 'No worker online.' : table(['WORKER', 'TASKS'], registered.map((r) => [r.workerId, r.tasks.join(', ')]))));
          return 0;
        }
        case 'queues': {
          const queues = await app.inspect.queues();
          print(queues, () => table(['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'PAUSED'], queues.map((q) => [q.name, String(q.waiting), String(q.active), String(q.delayed), q.paused ? 'yes' : 'no'])));
          return 0;
        }
      }
    } finally {
      await app.close();
    }
  });
}
