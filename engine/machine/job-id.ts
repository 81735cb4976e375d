/**
 * BullMQ job ids may not contain ':' or be all digits; ours are `<workflow>.<node path>.<attempt>[.r<run>][.p<n>]`.
 * `run` counts `app.retry()`s (1 for the first run), so a retried task's jobs never collide with the ids of
 * its earlier run, which the broker still remembers.
 */
export function jobId(workflowId: string, nodeId: string, attempt: number, postponed = 0, run = 1): string {
  return `${workflowId}.${nodeId}.${attempt}${run > 1 ? `.r${run}` : ''}${postponed > 0 ? `.p${postponed}` : ''}`;
}
