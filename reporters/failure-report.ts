import type { EventOf } from '../engine/ports/events.js';

/** What a report says about a task that failed for good, as JSON (the webhook's body) and as mail text. */
export interface FailureReport {
  /** The same for every report of this failure (`<workflow id>:<node id>`): receivers dedupe by it. */
  readonly id: string;
  readonly type: 'task-failed';
  readonly at: string;
  readonly taskName: string | null;
  readonly workflowId: string | null;
  readonly nodeId: string | null;
  readonly attempt: number | null;
  readonly error: { readonly type: string; readonly message: string; readonly stack: string | null };
  readonly worker: { readonly id: string | null; readonly hostname: string | null; readonly pid: number | null };
}

export function failureReport(event: EventOf<'task-failed'>): FailureReport {
  return {
    id: `${event.workflowId ?? '?'}:${event.nodeId ?? '?'}`,
    type: 'task-failed',
    at: new Date(event.at).toISOString(),
    taskName: event.taskName ?? null,
    workflowId: event.workflowId ?? null,
    nodeId: event.nodeId ?? null,
    attempt: event.attempt ?? null,
    error: { type: event.error?.type ?? 'Error', message: event.error?.message ?? '', stack: event.error?.stack ?? null },
    worker: { id: event.workerId ?? null, hostname: event.hostname ?? null, pid: event.pid ?? null },
  };
}

/** Celery's task error e-mail: the subject names the task and the error; the body has every field and the stack. */
export function failureMail(report: FailureReport): { subject: string; text: string } {
  const task = report.taskName ?? 'unknown task';
  const firstLine = report.error.message.split('\n')[0] ?? '';
  const lines = [
    `Task ${task} failed for good.`,
    '',
    `task:      ${task}`,
    `workflow:  ${report.workflowId ?? '-'}`,
    `node:      ${report.nodeId ?? '-'}`,
    `attempt:   ${report.attempt ?? '-'}`,
    `error:     ${report.error.type}: ${report.error.message}`,
    `at:        ${report.at}`,
    `worker:    ${report.worker.hostname ?? '-'} pid ${report.worker.pid ?? '-'} (${report.worker.id ?? '-'})`,
    '',
    'Stack:',
    report.error.stack ?? '(none)',
  ];
  return { subject: `[celeriac] Task ${task} failed: ${report.error.type}: ${firstLine}`.slice(0, 200), text: lines.join('\n') };
}
