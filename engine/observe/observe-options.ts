import { invalidOption } from '../../canvas/errors.js';
import type { Reporter } from '../ports/reporter.js';

export interface ObserveOptions {
  readonly events?: false | { readonly includeArgs?: boolean };
  readonly reporters?: readonly Reporter[];
}

export interface ResolvedObserveOptions {
  /** False: the cluster stream is off. */
  readonly events: false | { readonly includeArgs: boolean };
  readonly reporters: readonly Reporter[];
}

/** Checks `createApp`'s `events` and `reporters`, naming the option, what was expected and what came. */
export function resolveObserveOptions(options: ObserveOptions): ResolvedObserveOptions {
  const { events, reporters } = options;
  let resolvedEvents: ResolvedObserveOptions['events'] = { includeArgs: false };
  if (events === false) resolvedEvents = false;
  else if (events !== undefined) {
    if (typeof events !== 'object' || events === null || (events.includeArgs !== undefined && typeof events.includeArgs !== 'boolean')) {
      invalidOption('createApp', 'events', `Expected \`events\` to be false or { includeArgs?: boolean }, got \`${JSON.stringify(events)}\``);
    }
    resolvedEvents = { includeArgs: events.includeArgs ?? false };
  }
  if (reporters !== undefined && (!Array.isArray(reporters) || reporters.some((r) => typeof (r as Partial<Reporter> | null)?.report !== 'function'))) {
    invalidOption('createApp', 'reporters', 'Expected `reporters` to be a list of reporters, such as emailReporter({ smtp, to }) or webhookReporter({ url })');
  }
  return { events: resolvedEvents, reporters: reporters ?? [] };
}
