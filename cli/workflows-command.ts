import { TaskStates, type TaskState } from '../index.js';
import { exitCodeOf, fleetApp, isoTime, parseLimit, parseSince, table, UsageError } from './fleet-app.js';

export interface WorkflowsCommandOptions {
  readonly app?: string;
  readonly state?: string;
  readonly task?: string;
  readonly since?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly json?: boolean;
}

/** `celeriac workflows [--state FAILURE] [--task name] [--since 1h] [--limit 50] [--cursor c] [--json]`: newest first. */
export function workflowsCommand(options: WorkflowsCommandOptions): Promise<number> {
  return exitCodeOf(async () => {
    const state = options.state?.toUpperCase();
    if (state !== undefined && !(TaskStates as readonly string[]).includes(state)) throw new UsageError(`--state: expected one of ${TaskStates.join(', ')}, got '${options.state}'`);
    const since = options.since === undefined ? undefined : parseSince(options.since);
    const limit = parseLimit(options.limit, 50);
    const app = await fleetApp('workflows', options);
    try {
      const page = await app.workflows({
        ...(state ? { state: state as TaskState } : {}),
        ...(options.task ? { task: options.task } : {}),
        ...(since ? { since } : {}),
        ...(options.cursor ? { cursor: options.cursor } : {}),
        limit,
      });
      if (options.json) {
        console.log(JSON.stringify(page, null, 2));
        return 0;
      }
      if (page.items.length === 0) console.log('No workflow matches.');
      else {
        console.log(
          table(
            ['ID', 'STATE', 'NAME', 'CREATED', 'ENDED', 'FAILED NODE'],
            page.items.map((w) => [w.id, w.state, w.name ?? '-', isoTime(w.createdAt), isoTime(w.endedAt), w.failedNode ? `${w.failedNode.nodeId} ${w.failedNode.taskName ?? ''} ${w.failedNode.errorType}: ${w.failedNode.message.split('\n')[0]}`.replace(/\s+/g, ' ') : '-']),
          ),
        );
      }
      if (page.next) console.error(`celeriac workflows: more with --cursor ${page.next}`);
      return 0;
    } finally {
      await app.close();
    }
  });
}
