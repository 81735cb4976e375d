import { eventTypes, isEventType, type CeleriacEvent, type EventType } from '../index.js';
import { exitCodeOf, fleetApp, UsageError } from './fleet-app.js';

export interface EventsCommandOptions {
  readonly app?: string;
  readonly workflow?: string;
  readonly type?: string;
  readonly json?: boolean;
  /** Stop after this many events (for scripts). */
  readonly count?: string;
}

/**
 * `celeriac events`: every event of the fleet, live, until SIGINT or SIGTERM (Celery's `celery events
 * --dump`). One line per event: for people a time, the type and what it is about; with `--json` the event.
 */
export function eventsCommand(options: EventsCommandOptions): Promise<number> {
  return exitCodeOf(async () => {
    const types = parseTypes(options.type);
    const count = options.count === undefined ? Infinity : Number(options.count);
    if (!(count >= 1) || (count !== Infinity && !Number.isInteger(count))) throw new UsageError(`--count: expected a whole number from 1 and up, got '${options.count}'`);
    const app = await fleetApp('events', options);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const events = app.events({ ...(types ? { types } : {}), ...(options.workflow ? { workflowId: options.workflow } : {}), signal: abort.signal });
      await events.ready;
      console.error(`celeriac events: listening on ${app.driver}${types ? ` for ${types.join(', ')}` : ''}${options.workflow ? ` of workflow ${options.workflow}` : ''} (Ctrl-C to stop)`);
      let seen = 0;
      for await (const event of events) {
        console.log(options.json ? JSON.stringify(event) : formatEvent(event));
        if (++seen >= count) break;
      }
      return 0;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await app.close();
    }
  });
}

function parseTypes(value: string | undefined): EventType[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !isEventType(name));
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`--type: unknown event type${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `'${n}'`).join(', ') || "''"}; known types: ${eventTypes.join(', ')}`);
  return names as EventType[];
}

/** `2026-12-01T10:00:00.000Z task-failed charge wf-42 r.2 attempt 3 CardDeclined: declined`. */
export function formatEvent(event: CeleriacEvent): string {
  const parts: string[] = [new Date(event.at).toISOString(), event.type.padEnd(18)];
  if (event.taskName) parts.push(event.taskName);
  if (event.workflowId) parts.push(`workflow=${event.workflowId}`);
  if (event.nodeId) parts.push(`node=${event.nodeId}`);
  if (event.attempt !== undefined) parts.push(`attempt=${event.attempt}`);
  if (event.workerId) parts.push(`worker=${event.workerId}`);
  if (event.runtimeMs !== undefined) parts.push(`${event.runtimeMs.toFixed(1)}ms`);
  if (event.retryInMs !== undefined) parts.push(`retry in ${event.retryInMs}ms`);
  if (event.error) parts.push(`${event.error.type}: ${event.error.message.split('\n')[0]}`);
  return parts.join(' ');
}
