/**
 * W3C Trace Context's `traceparent` header (`00-<trace id>-<parent span id>-<flags>`), written and read here so
 * that task messages carry it without an SDK's propagator: the API alone has none, and whatever propagator a
 * user registers, a message between our own processes always speaks this one format.
 */
export interface ParentContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}

const pattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function formatTraceparent(context: ParentContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}

/** The context a `traceparent` names, or undefined for anything else (another version, all-zero ids, junk). */
export function parseTraceparent(value: unknown): ParentContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = pattern.exec(value);
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16) };
}

/**
 * A parent for the tasks of a workflow whose producer recorded no trace (it had no tracer provider): a trace id
 * and a span id derived from the workflow id alone, so every worker that runs one of its tasks puts its span in
 * the same trace, under a parent no process records. FNV-1a, not a cryptographic hash: ids, not secrets.
 */
export function derivedParent(workflowId: string): ParentContext {
  const hex = (seed: number) => fnv1a(workflowId, seed).toString(16).padStart(8, '0');
  return { traceId: `${hex(1)}${hex(2)}${hex(3)}${hex(4)}`, spanId: `${hex(5)}${hex(6)}`, traceFlags: 1 };
}

function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Never zero: an all-zero id is invalid in W3C Trace Context.
  return hash || 1;
}
