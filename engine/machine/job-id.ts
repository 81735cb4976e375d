/** BullMQ job ids may not contain ':' or be all digits; ours are `<workflow>.<node path>.<attempt>[.p<n>]`. */
export function jobId(workflowId: string, nodeId: string, attempt: number, postponed = 0): string {
  return `${workflowId}.${nodeId}.${attempt}${postponed > 0 ? `.p${postponed}` : ''}`;
}
